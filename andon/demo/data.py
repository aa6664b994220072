"""The demo store's fixed seed data: people, suppliers, the catalog, partners, and what customers say.

Everything here is data, kept in the language its writer used (Chinese customers write in
Chinese); it is not interface text and is not translated, except the role labels of the logins.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from flywheel.models import Partner
from members.roles import Role

SEED = 1707  # fixed, so every run builds the same store


# --- People ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # shown in the logins table (a lazy translation)
    groups: tuple[str, ...]
    first_name: str
    last_name: str
    is_staff: bool = True
    is_superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("admin", _("superuser"), (), "Ada", "Admin", is_superuser=True),
    DemoLogin("agent", Role.AGENT.label, (Role.AGENT,), "Xiaoyu", "Zhang"),
    DemoLogin("manager", Role.MANAGER.label, (Role.MANAGER,), "Hong", "Li"),
    DemoLogin("vendor_manager", Role.VENDOR_MANAGER.label, (Role.VENDOR_MANAGER,), "Jun", "Chen"),
    DemoLogin("warehouse", Role.WAREHOUSE.label, (Role.WAREHOUSE,), "Gang", "Zhao"),
    DemoLogin("quality", Role.QUALITY.label, (Role.QUALITY,), "Lan", "Sun"),
    DemoLogin("executive", Role.EXECUTIVE.label, (Role.EXECUTIVE,), "Ming", "Huang"),
    # Owns every demo partner: lists and retires them, and works their rectification work orders.
    DemoLogin("partner_manager", Role.PARTNER_MANAGER.label, (Role.PARTNER_MANAGER,), "Ping", "Xu"),
    DemoLogin("member", _("member (customer)"), (), "Mei", "Lin", is_staff=False),
]
DEMO_USERNAMES = [login.username for login in DEMO_LOGINS]

SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
    ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"),
    ("Ma", "马"), ("Luo", "罗"),
]
GIVEN_NAMES = [
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
    ("Qiang", "强"), ("Yang", "洋"), ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"), ("Ming", "明"),
    ("Chao", "超"), ("Xiuying", "秀英"), ("Hui", "慧"), ("Yu", "宇"), ("Haoran", "浩然"),
    ("Zihan", "子涵"), ("Yutong", "雨桐"), ("Jiahao", "嘉豪"), ("Xinyi", "欣怡"), ("Bo", "博"),
    ("Ting", "婷"), ("Kai", "凯"), ("Lu", "璐"),
]
WESTERN_NAMES = [
    ("Emma", "Wilson"), ("Lucas", "Martin"), ("Sofia", "Rossi"), ("Noah", "Schmidt"),
    ("Olivia", "Brown"), ("Daniel", "Kim"), ("Hannah", "Müller"), ("Mateo", "García"),
    ("Chloe", "Dubois"), ("James", "Taylor"),
]
CITIES = [
    ("Shanghai", "上海市", [("Pudong", "浦东新区", "Century Avenue", "世纪大道"), ("Xuhui", "徐汇区", "Tianyaoqiao Road", "天钥桥路")]),
    ("Beijing", "北京市", [("Chaoyang", "朝阳区", "Jianguo Road", "建国路"), ("Haidian", "海淀区", "Zhongguancun Street", "中关村大街")]),
    ("Shenzhen", "深圳市", [("Nanshan", "南山区", "Keyuan Road", "科苑路"), ("Futian", "福田区", "Shennan Avenue", "深南大道")]),
    ("Hangzhou", "杭州市", [("Xihu", "西湖区", "Wensan Road", "文三路"), ("Binjiang", "滨江区", "Jianghan Road", "江汉路")]),
    ("Chengdu", "成都市", [("Jinjiang", "锦江区", "Chunxi Road", "春熙路"), ("Wuhou", "武侯区", "Kehua Road", "科华路")]),
    ("Guangzhou", "广州市", [("Tianhe", "天河区", "Tiyu West Road", "体育西路"), ("Yuexiu", "越秀区", "Beijing Road", "北京路")]),
    ("Wuhan", "武汉市", [("Wuchang", "武昌区", "Zhongnan Road", "中南路")]),
    ("Nanjing", "南京市", [("Gulou", "鼓楼区", "Zhongshan Road", "中山路")]),
]

# (English, Chinese): an order's reason is in the language its customer ordered in.
HOLD_REASONS = [
    ("Address could not be verified; we will call you to confirm it.", "地址无法核实，我们会致电与您确认。"),
    ("Payment is being checked by the bank; no action needed.", "银行正在核查付款，您无需任何操作。"),
    ("You asked us to change the delivery address; waiting for the new one.", "您要求修改收货地址，正在等待新地址。"),
    ("You asked us to wait before shipping.", "您要求我们暂缓发货。"),
]


# --- The catalog -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierSpec:
    code: str
    name: str
    name_zh: str
    brand: str  # how the brand reads in an English title ("" for publishers)
    brand_zh: str


SUPPLIERS = [
    SupplierSpec("riverside-press", "Riverside Press", "河畔出版社", "", ""),
    SupplierSpec("golden-crane", "Golden Crane Publishing", "金鹤出版社", "", ""),
    SupplierSpec("little-lantern", "Little Lantern Books", "小灯笼童书馆", "", ""),
    SupplierSpec("harbour-light", "Harbour Light Publishing", "港光出版社", "", ""),
    SupplierSpec("jade-hall", "Jade Hall Culture", "玉堂文化", "", ""),
    SupplierSpec("beiyuan-literature", "Beiyuan Literature Press", "北苑文艺出版社", "", ""),
    SupplierSpec("voltaro", "Voltaro Electronics (Shenzhen)", "深圳伏特罗电子", "Voltaro", "伏特罗"),
    SupplierSpec("lanxin-tech", "Shenzhen Lanxin Technology", "深圳蓝芯科技", "Lanxin", "蓝芯"),
    SupplierSpec("cloudwave-audio", "Cloudwave Audio", "云浪音频", "Cloudwave", "云浪"),
    SupplierSpec("smartnest", "Hangzhou Smartnest Technology", "杭州智巢科技", "Smartnest", "智巢"),
    SupplierSpec("pearl-river-digital", "Pearl River Digital", "珠江数码", "Pearl River", "珠江"),
    SupplierSpec("kuaichong-power", "Kuaichong Power", "快充动力", "Kuaichong", "快充动力"),
    SupplierSpec("everbright-housewares", "Ningbo Everbright Housewares", "宁波恒光家居用品", "Everbright", "恒光"),
    SupplierSpec("silk-whisper", "Suzhou Silk Whisper Home Textiles", "苏州丝语家纺", "Silk Whisper", "丝语"),
    SupplierSpec("tidy-bear", "Tidy Bear Storage", "整理熊收纳", "Tidy Bear", "整理熊"),
    SupplierSpec("clearspring", "Clearspring Daily Chemicals", "清泉日化", "Clearspring", "清泉"),
    SupplierSpec("foshan-ironwork", "Foshan Ironwork Kitchenware", "佛山铁艺厨具", "Ironwork", "铁艺"),
    SupplierSpec("blue-kiln", "Jingdezhen Blue Kiln Ceramics", "景德镇青窑陶瓷", "Blue Kiln", "青窑"),
    SupplierSpec("west-lake-tea", "West Lake Tea Company", "西湖茶业", "West Lake", "西湖"),
    SupplierSpec("menghai-old-tree", "Menghai Old Tree Tea", "勐海古树茶厂", "Menghai", "勐海"),
    SupplierSpec("anxi-mountain", "Anxi Mountain Rhyme Tea", "安溪山韵茶业", "Mountain Rhyme", "山韵"),
    SupplierSpec("golden-harvest", "Golden Harvest Grain & Oil", "金穗粮油", "Golden Harvest", "金穗"),
    SupplierSpec("happy-squirrel", "Happy Squirrel Snacks", "快乐松鼠食品", "Happy Squirrel", "快乐松鼠"),
    SupplierSpec("yunnan-highland", "Yunnan Highland Coffee", "云南高原咖啡", "Highland", "高原"),
    SupplierSpec("jiangnan-brewery", "Jiangnan Old Brewery", "江南老酿坊", "Jiangnan", "江南"),
]


@dataclass(frozen=True)
class Item:
    """A product line within a subcategory: names, and the price band of its base variant."""

    name: str
    name_zh: str
    low: int
    high: int


@dataclass(frozen=True)
class Variant:
    name: str
    name_zh: str
    price_factor: float = 1.0


@dataclass(frozen=True)
class Subcategory:
    slug: str
    name: str
    name_zh: str
    suppliers: tuple[str, ...]
    items: tuple[Item, ...]
    variants: tuple[Variant, ...]
    blurbs: tuple[tuple[str, str], ...]  # description templates, {name} is the item's name
    stock_band: tuple[int, int]  # units per lot a supplier typically ships


@dataclass(frozen=True)
class TopCategory:
    slug: str
    name: str
    name_zh: str
    sku_prefix: str
    children: tuple[Subcategory, ...]


def _book_items(firsts, seconds, joiner_en, joiner_zh, low, high) -> tuple[Item, ...]:
    return tuple(
        Item(joiner_en.format(a=a_en, b=b_en), joiner_zh.format(a=a_zh, b=b_zh), low, high)
        for a_en, a_zh in firsts
        for b_en, b_zh in seconds
    )


BOOK_FORMATS = (Variant(" (Paperback)", "（平装）"), Variant(" (Hardcover)", "（精装）", 1.6))

FICTION = _book_items(
    [("Silent", "寂静的"), ("Last", "最后的"), ("Hidden", "隐秘的"), ("Golden", "金色的"), ("Distant", "遥远的"),
     ("Northern", "北方的"), ("Quiet", "安静的"), ("Lost", "失落的")],
    [("River", "河"), ("Garden", "花园"), ("Harbour", "港湾"), ("Mountain", "山"), ("City", "城"), ("Lantern", "灯笼")],
    "The {a} {b}", "{a}{b}", 29, 68,
)
CHILDREN = _book_items(
    [("Little Bear", "小熊"), ("Little Rabbit", "小兔"), ("Panda Pip", "熊猫皮皮"), ("Little Fox", "小狐狸"),
     ("Grandpa Owl", "猫头鹰爷爷")],
    [("Goes to School", "去上学"), ("Finds a Friend", "找朋友"), ("Learns to Share", "学分享"),
     ("Sees the Sea", "看大海"), ("Cannot Sleep", "睡不着")],
    "{a} {b}", "{a}{b}", 19, 45,
)
BUSINESS = _book_items(
    [("Customer Obsession", "客户至上"), ("Operating Discipline", "经营的纪律"), ("Supply Chain Basics", "供应链基础"),
     ("Pricing Without Fear", "无畏定价"), ("Lean Retail", "精益零售"), ("The Flywheel Effect", "飞轮效应")],
    [("A Practical Guide", "实践指南"), ("Case Studies", "案例集"), ("Lessons from the Front Line", "一线的经验")],
    "{a}: {b}", "{a}：{b}", 45, 98,
)
HISTORY = _book_items(
    [("A History of", "史"), ("Stories of", "故事"), ("A New Account of", "新论")],
    [("the Silk Road", "丝绸之路"), ("the Tang Dynasty", "唐朝"), ("the Grand Canal", "大运河"),
     ("the Ming Voyages", "明代航海"), ("Porcelain", "瓷器"), ("the Tea Trade", "茶叶贸易")],
    "{a} {b}", "{b}{a}", 48, 128,
)
COOKING = _book_items(
    [("Sichuan", "川菜"), ("Cantonese", "粤菜"), ("Home-Style", "家常菜"), ("Dim Sum", "点心"), ("Vegetarian", "素食"),
     ("Noodle", "面食")],
    [("Cookbook", "食谱"), ("Kitchen: 100 Recipes", "100例"), ("Made Simple", "轻松做")],
    "{a} {b}", "{a}{b}", 39, 88,
)

COLOURS = (Variant("Black", "黑色"), Variant("White", "白色"), Variant("Blue", "蓝色", 1.05))

CATALOG = (
    TopCategory("books", "Books", "图书", "BK", (
        Subcategory("fiction", "Fiction", "小说", ("riverside-press", "golden-crane", "beiyuan-literature"),
                    FICTION, BOOK_FORMATS,
                    (("An absorbing novel. {name} follows three generations of one family through a changing country.",
                      "一部引人入胜的小说。《{name}》讲述一个家族三代人在时代变迁中的故事。"),
                     ("A prize-winning story of loss and return, printed on cream paper with a sewn binding.",
                      "一部关于失去与归来的获奖作品，米黄纸印刷，锁线装订。")),
                    (60, 400)),
        Subcategory("childrens-books", "Children's Books", "童书", ("little-lantern", "harbour-light"),
                    CHILDREN, (Variant(" (Picture Book)", "（绘本）"), Variant(" (Board Book)", "（纸板书）", 1.3)),
                    (("A warm picture book for ages 3 to 6: {name}, with large, gentle illustrations.",
                      "适合3至6岁的温馨绘本：《{name}》，画面大而柔和。"),
                     ("Read-aloud rhymes and rounded pages, safe for small hands.",
                      "朗朗上口的韵文，圆角设计，适合小手翻阅。")),
                    (80, 500)),
        Subcategory("business", "Business & Management", "经济管理", ("golden-crane", "jade-hall"),
                    BUSINESS, BOOK_FORMATS,
                    (("{name} turns the habits of well-run companies into routines any team can adopt.",
                      "《{name}》把优秀企业的习惯变成每个团队都能采用的日常做法。"),
                     ("Written by practitioners, with checklists at the end of each chapter.",
                      "由一线实践者撰写，每章末附检查清单。")),
                    (40, 300)),
        Subcategory("history", "History", "历史", ("jade-hall", "beiyuan-literature", "harbour-light"),
                    HISTORY, BOOK_FORMATS,
                    (("{name}: a readable history drawing on new archives, with maps and a timeline.",
                      "《{name}》：基于新发现史料的通俗历史读物，附地图与年表。"),
                     ("Illustrated edition with colour plates and full references.",
                      "插图版，附彩色插页与完整注释。")),
                    (30, 200)),
        Subcategory("cooking", "Cooking", "烹饪美食", ("riverside-press", "jade-hall"),
                    COOKING, BOOK_FORMATS,
                    (("{name}: step-by-step recipes with a photograph of every dish.",
                      "《{name}》：分步骤讲解，每道菜都配有成品照片。"),
                     ("Tested in a home kitchen; every recipe lists the time it really takes.",
                      "所有菜谱均在家庭厨房实测，标注真实所需时间。")),
                    (40, 250)),
    )),
    TopCategory("electronics", "Electronics", "电子产品", "EL", (
        Subcategory("chargers-cables", "Chargers & Cables", "充电器与数据线", ("voltaro", "kuaichong-power", "lanxin-tech"),
                    (Item("USB-C Fast Charger", "USB-C 快速充电器", 69, 199), Item("Power Bank", "充电宝", 89, 259),
                     Item("USB-C to USB-C Cable", "USB-C 转 USB-C 数据线", 19, 59),
                     Item("Wireless Charging Pad", "无线充电板", 59, 149)),
                    (Variant("20W", "20W", 0.7), Variant("65W", "65W"), Variant("100W", "100W", 1.4)),
                    (("{name} with overheat and over-current protection; CCC certified.",
                      "{name}，具备过热与过流保护，已通过 3C 认证。"),
                     ("Compact body, works with phones, tablets and most USB-C laptops.",
                      "机身小巧，兼容手机、平板和大多数 USB-C 笔记本电脑。")),
                    (100, 600)),
        Subcategory("audio", "Audio", "影音娱乐", ("cloudwave-audio", "pearl-river-digital"),
                    (Item("Wireless Earbuds", "无线耳机", 149, 499), Item("Noise-Cancelling Headphones", "降噪头戴式耳机", 399, 1299),
                     Item("Bluetooth Speaker", "蓝牙音箱", 129, 599), Item("Sports Earphones", "运动耳机", 99, 299)),
                    COLOURS,
                    (("{name} with Bluetooth 5.3 and up to 30 hours of playback with the case.",
                      "{name}，蓝牙 5.3，配合充电盒续航长达 30 小时。"),
                     ("Tuned for clear voices and deep bass; a two-year warranty is included.",
                      "人声清晰、低音饱满，享两年质保。")),
                    (30, 200)),
        Subcategory("smart-home", "Smart Home", "智能家居", ("smartnest", "lanxin-tech"),
                    (Item("Smart Plug", "智能插座", 49, 99), Item("Wi-Fi Security Camera 2K", "Wi-Fi 监控摄像头 2K", 169, 399),
                     Item("Smart LED Bulb", "智能 LED 灯泡", 39, 89), Item("Door and Window Sensor", "门窗传感器", 59, 129),
                     Item("Robot Vacuum", "扫地机器人", 1299, 2999)),
                    (Variant("", ""), Variant("(2-Pack)", "（2只装）", 1.8)),
                    (("{name} that works with the Smartnest app and common voice assistants.",
                      "{name}，可接入智巢 App 与常见语音助手。"),
                     ("Set up in two minutes on 2.4 GHz Wi-Fi; no hub required.",
                      "2.4GHz Wi-Fi 两分钟完成配置，无需网关。")),
                    (30, 250)),
        Subcategory("computer-accessories", "Computer Accessories", "电脑配件", ("pearl-river-digital", "lanxin-tech", "voltaro"),
                    (Item("Wireless Mouse", "无线鼠标", 59, 199), Item("Mechanical Keyboard", "机械键盘", 199, 599),
                     Item("USB-C Hub 7-in-1", "USB-C 七合一扩展坞", 129, 299), Item("Aluminium Laptop Stand", "铝合金笔记本支架", 79, 199),
                     Item("1080p Webcam", "1080p 网络摄像头", 149, 349)),
                    COLOURS,
                    (("{name} for home and office; plug and play on Windows, macOS and Linux.",
                      "{name}，居家办公皆宜，Windows、macOS 与 Linux 即插即用。"),
                     ("Solid build with a one-year replacement promise.", "做工扎实，一年内有质量问题包换。")),
                    (40, 300)),
        Subcategory("phone-accessories", "Phone Accessories", "手机配件", ("kuaichong-power", "pearl-river-digital"),
                    (Item("Tempered Glass Screen Protector", "钢化玻璃膜", 19, 49), Item("Shockproof Phone Case", "防摔手机壳", 29, 79),
                     Item("Car Phone Mount", "车载手机支架", 39, 119), Item("Magnetic Phone Grip", "磁吸手机指环支架", 19, 59)),
                    (Variant("for iPhone 15", "适用 iPhone 15"), Variant("for Huawei Mate 60", "适用华为 Mate 60"),
                     Variant("for Xiaomi 14", "适用小米 14")),
                    (("{name}, cut precisely for the model named in the title.", "{name}，按标题所列机型精确开孔。"),
                     ("Two-year warranty; free replacement if it cracks in the first month.",
                      "两年质保，首月内破裂免费更换。")),
                    (100, 800)),
    )),
    TopCategory("home", "Home", "家居", "HM", (
        Subcategory("kitchen", "Kitchen", "厨房用品", ("foshan-ironwork", "blue-kiln", "everbright-housewares"),
                    (Item("Carbon Steel Wok 32cm", "碳钢炒锅 32厘米", 99, 259), Item("Ceramic Rice Bowls (Set of 4)", "陶瓷饭碗（4只装）", 49, 129),
                     Item("Chef's Knife 20cm", "主厨刀 20厘米", 89, 299), Item("Bamboo Cutting Board", "竹制砧板", 39, 99),
                     Item("Electric Kettle 1.7L", "电热水壶 1.7升", 99, 229)),
                    (Variant("", ""), Variant("Gift Box", "礼盒装", 1.2)),
                    (("{name}, made for everyday Chinese home cooking.", "{name}，专为日常中式家庭烹饪设计。"),
                     ("Food-grade materials; dishwasher safe unless the label says otherwise.",
                      "食品级材质，除标注外均可用洗碗机清洗。")),
                    (40, 300)),
        Subcategory("bedding", "Bedding", "床上用品", ("silk-whisper", "everbright-housewares"),
                    (Item("Cotton Duvet Cover 200x230cm", "纯棉被套 200x230厘米", 159, 399), Item("Mulberry Silk Pillowcase", "桑蚕丝枕套", 129, 299),
                     Item("Memory Foam Pillow", "记忆棉枕头", 99, 259), Item("Bamboo Summer Sleeping Mat", "竹纤维凉席", 129, 359)),
                    (Variant("Ivory", "象牙白"), Variant("Grey", "灰色"), Variant("Sage Green", "灰绿色")),
                    (("{name}: breathable, soft from the first wash, and made in Suzhou.",
                      "{name}：透气柔软，首次洗涤后依然舒适，苏州制造。"),
                     ("OEKO-TEX certified fabric; wash at 40 degrees.", "面料通过 OEKO-TEX 认证，建议40度水洗。")),
                    (30, 200)),
        Subcategory("storage", "Storage", "收纳整理", ("tidy-bear", "everbright-housewares"),
                    (Item("Stackable Storage Box 30L", "可叠加收纳箱 30升", 39, 89), Item("Drawer Organiser (Set of 6)", "抽屉收纳盒（6件套）", 29, 69),
                     Item("Vacuum Storage Bags (Pack of 8)", "真空压缩袋（8只装）", 39, 79), Item("Five-Tier Shoe Rack", "五层鞋架", 69, 159)),
                    (Variant("", ""), Variant("(2 Sets)", "（2套装）", 1.85)),
                    (("{name}, sturdy and easy to clean, for small city flats.", "{name}，结实易清洁，适合城市小户型。"),
                     ("No tools needed; folds flat when not in use.", "无需工具安装，不用时可折叠收起。")),
                    (60, 400)),
        Subcategory("cleaning", "Cleaning", "清洁用品", ("clearspring", "everbright-housewares"),
                    (Item("Laundry Detergent 3kg", "洗衣液 3公斤", 39, 79), Item("Dishwashing Liquid 1.5L", "洗洁精 1.5升", 15, 35),
                     Item("Microfibre Cloths (Pack of 10)", "超细纤维抹布（10条装）", 19, 45), Item("Spin Mop with Bucket", "旋转拖把套装", 89, 199)),
                    (Variant("", ""), Variant("Family Pack", "家庭装", 1.7)),
                    (("{name}: effective in cold water, gentle on hands.", "{name}：冷水也能洗净，温和不伤手。"),
                     ("Biodegradable formula, lightly scented.", "可生物降解配方，淡雅清香。")),
                    (100, 700)),
    )),
    TopCategory("food", "Food", "食品", "FD", (
        Subcategory("tea", "Tea", "茶叶", ("west-lake-tea", "menghai-old-tree", "anxi-mountain"),
                    (Item("Longjing Green Tea", "龙井绿茶", 128, 398), Item("Ripe Pu'er Tea Cake", "普洱熟茶饼", 98, 468),
                     Item("Tieguanyin Oolong", "铁观音乌龙茶", 88, 298), Item("Jasmine Tea", "茉莉花茶", 49, 129),
                     Item("Dianhong Black Tea", "滇红红茶", 69, 199), Item("Silver Needle White Tea", "白毫银针白茶", 158, 498)),
                    (Variant("250g", "250克"), Variant("100g", "100克", 0.45), Variant("500g Gift Tin", "500克 礼盒装", 2.1)),
                    (("{name} from this season's harvest, picked by hand and sealed in nitrogen.",
                      "{name}，当季手工采摘，充氮密封保鲜。"),
                     ("Brew at 85 degrees for two minutes; good for four infusions.",
                      "85度水冲泡两分钟，可续泡四次。")),
                    (40, 300)),
        Subcategory("snacks", "Snacks", "休闲零食", ("happy-squirrel",),
                    (Item("Roasted Sunflower Seeds", "焦糖瓜子", 15, 35), Item("Spicy Beef Jerky", "麻辣牛肉干", 39, 89),
                     Item("Dried Mango Slices", "芒果干", 25, 49), Item("Daily Mixed Nuts (30 Bags)", "每日坚果（30袋装）", 89, 169),
                     Item("Crispy Seaweed Snacks", "香脆海苔", 19, 39)),
                    (Variant("200g", "200克", 0.8), Variant("500g", "500克", 1.6)),
                    (("{name}, packed in small bags so they stay crisp.", "{name}，小包装独立封口，保持香脆。"),
                     ("No artificial colours; best before nine months from packing.", "无人工色素，保质期九个月。")),
                    (150, 900)),
        Subcategory("grain-oil", "Grain, Oil & Seasoning", "粮油调味", ("golden-harvest", "jiangnan-brewery"),
                    (Item("Northeast Rice 5kg", "东北大米 5公斤", 49, 89), Item("Cold-Pressed Peanut Oil 5L", "压榨花生油 5升", 99, 169),
                     Item("Naturally Brewed Light Soy Sauce 500ml", "酿造生抽 500毫升", 12, 29),
                     Item("Aged Black Vinegar 500ml", "陈酿香醋 500毫升", 12, 32), Item("Whole-Wheat Noodles 1kg", "全麦挂面 1公斤", 15, 29)),
                    (Variant("", ""), Variant("(2-Pack)", "（2件装）", 1.85)),
                    (("{name}: what Chinese home kitchens use every day, from a trusted mill.",
                      "{name}：家家户户每天都用，产自信誉良好的老厂。"),
                     ("Traceable batch code on every pack.", "每包均有可追溯批号。")),
                    (150, 800)),
        Subcategory("coffee", "Coffee", "咖啡", ("yunnan-highland",),
                    (Item("Yunnan Arabica Coffee Beans", "云南阿拉比卡咖啡豆", 69, 159), Item("Drip Coffee Bags", "挂耳咖啡", 39, 89),
                     Item("Cold Brew Concentrate", "冷萃咖啡液", 59, 129)),
                    (Variant("Medium Roast 500g", "中度烘焙 500克"), Variant("Dark Roast 250g", "深度烘焙 250克", 0.6),
                     Variant("Box of 10", "10包装", 0.55)),
                    (("{name}, grown at 1,500 metres in Pu'er and roasted to order.", "{name}，产自普洱海拔1500米，现烘现发。"),
                     ("Notes of brown sugar and citrus; roast date on the bag.", "带有红糖与柑橘风味，包装上印有烘焙日期。")),
                    (60, 400)),
    )),
)

# The famous pull: a best-selling book with pages 100-101 uncut. The demo leaves its cord for you.
UNCUT_PAGES = Item("The Uncut Pages", "未裁切的书页", 59, 59)
UNCUT_PAGES_SUPPLIER = "riverside-press"
UNCUT_PAGES_PRICE = Decimal("59.00")
UNCUT_PAGES_SKU = "BK-000001"  # the first product built

PARTNER_NAMES = [
    (Partner.Kind.REPAIR_SHOP, "Quick Fix Phone Repair", "快修手机维修"),
    (Partner.Kind.REPAIR_SHOP, "Old Master Electronics Repair", "老师傅电器维修"),
    (Partner.Kind.REPAIR_SHOP, "Screen Doctor", "屏幕医生"),
    (Partner.Kind.REPAIR_SHOP, "Honest Laptop Repair", "诚信笔记本维修"),
    (Partner.Kind.INSTALLER, "Safe Home Appliance Installers", "安心家电安装"),
    (Partner.Kind.INSTALLER, "Neat Hands Furniture Assembly", "巧手家具组装"),
    (Partner.Kind.INSTALLER, "Bright Light Smart Home Installers", "明亮智能家居安装"),
    (Partner.Kind.COURIER, "Swift Arrow Same-Day Courier", "迅箭同城快送"),
]



# --- What customers say ------------------------------------------------------------------

PROCESSES = [
    ("returns-refund-approval", "Returns desk refund approval", "退货退款审批", "process"),
    ("address-change", "Address change on a paid order", "已付款订单修改地址", "support_step"),
    ("invoice-request", "VAT invoice request", "增值税发票申请", "support_step"),
]

# Which issue codes fit a product of each top category, for the complaints nobody pulled.
CODES_BY_TOP = {
    "books": ("print-defect", "damaged-in-transit", "wrong-item", "late-delivery", "not-as-described", "rude-service"),
    "electronics": (
        "missing-part", "counterfeit", "damaged-in-transit", "not-as-described", "wrong-item", "late-delivery", "rude-service",
    ),
    "home": ("damaged-in-transit", "missing-part", "not-as-described", "wrong-item", "late-delivery", "rude-service"),
    "food": ("not-as-described", "damaged-in-transit", "counterfeit", "wrong-item", "late-delivery", "rude-service"),
}
BACKGROUND_CODES = [  # weights: what a month of complaints looks like
    ("damaged-in-transit", 7), ("late-delivery", 6), ("not-as-described", 6), ("wrong-item", 5), ("missing-part", 4),
    ("print-defect", 3), ("counterfeit", 3), ("rude-service", 2),
]

# What customer service wrote back on the `member` login's own report: (English, Chinese).
MEMBER_REPLY = (
    "Sorry it arrived damaged. A replacement is on its way; there is no need to send the damaged one back.",
    "很抱歉商品在运输中受损。补发的商品已经寄出，受损的那件无需寄回。",
)

SAID = {  # issue code -> what customers say about a product: (English, Chinese)
    "print-defect": [
        ("Several pages are printed so faintly I cannot read them.", "有好几页印得太淡，根本看不清。"),
        ("The binding came apart the first time I opened the book.", "第一次翻开，书脊就裂开了。"),
        ("Pages 48 to 64 are missing and pages 65 to 80 are there twice.", "缺了第48到64页，第65到80页却重复了一遍。"),
    ],
    "damaged-in-transit": [
        ("The box was crushed and the item inside is broken.", "箱子被压扁了，里面的东西也坏了。"),
        ("It arrived wet and the packaging was torn open.", "收到时是湿的，包装也破了。"),
        ("The corner is dented; it came in a bag with no padding.", "角上磕瘪了，用的是没有缓冲的袋子。"),
    ],
    "wrong-item": [
        ("I ordered one variant and received another.", "我买的是一个款式，收到的是另一个。"),
        ("The label on the box says one thing and the product inside is another.", "盒子上的标签和里面的商品不一致。"),
        ("I received someone else's order.", "收到的是别人的订单。"),
    ],
    "missing-part": [
        ("No cable in the box, although the page says it is included.", "页面写着含数据线，盒子里却没有。"),
        ("The manual and two screws are missing.", "说明书和两颗螺丝都没有。"),
        ("Only three of the four pieces were in the set.", "套装应该是四件，只收到三件。"),
    ],
    "counterfeit": [
        ("The logo is misprinted and there is no batch code: I think it is fake.", "标志印歪了，也没有批号，我怀疑是假货。"),
        ("It looks and feels nothing like the one I bought in the brand's own shop.", "和我在品牌专卖店买的完全不一样。"),
        ("The anti-counterfeit code on the box does not verify.", "包装上的防伪码查询不到。"),
    ],
    "not-as-described": [
        ("It is much smaller than the page says.", "尺寸比页面上写的小很多。"),
        ("The page says cotton; the label says polyester.", "页面写的是纯棉，标签上却是涤纶。"),
        ("The colour is nothing like the photos.", "颜色和照片差太多了。"),
    ],
    "late-delivery": [
        ("Promised in two days; still not here after a week.", "承诺两天到，一周了还没到。"),
        ("The tracking has not moved for five days.", "物流信息五天没有更新了。"),
        ("It was a birthday present and came after the birthday.", "这是生日礼物，结果生日过了才到。"),
    ],
    "rude-service": [
        ("The courier threw the parcel over the gate and hung up on me.", "快递员把包裹扔进院子，还挂了我电话。"),
        ("The courier refused to bring it upstairs and was rude about it.", "快递员不肯送上楼，态度还很差。"),
    ],
}
PARTNER_SAID = [  # (issue code, English, Chinese): partners nobody pulled
    ("late-delivery", "They said two days for the repair; it took twelve.", "说好两天修好，结果用了十二天。"),
    ("rude-service", "The installer shouted at my mother and left the packaging in our living room.", "安装师傅对我母亲大声嚷嚷，还把包装垃圾留在客厅。"),
    ("not-as-described", "The 'free installation' cost me 150 CNY in extra parts.", "说是免费安装，结果另收了150元配件费。"),
    ("wrong-item", "They delivered my neighbour's parcel to me and mine to nobody.", "把邻居的包裹送到我家，我的却不知去向。"),
]
PROCESS_SAID = [  # (process code, issue code, English, Chinese): green processes, one complaint each
    ("address-change", "late-delivery", "I changed the address an hour after paying; the parcel went to the old one and came a week late.", "付款一小时后就改了地址，包裹还是寄到旧地址，晚了一周才到。"),
    ("address-change", "wrong-item", "After my address change the label had my new address but someone else's name.", "改地址后，面单上地址是新的，收件人却是别人的名字。"),
    ("invoice-request", "late-delivery", "I asked for a VAT invoice two weeks ago and still have nothing.", "两周前申请的增值税发票到现在还没收到。"),
    ("invoice-request", "rude-service", "The invoice desk told me to stop asking and wait.", "发票窗口让我别再问了，等着就行。"),
]


# Customer-service teams: (code, English name, Chinese name, manager's login, agents' logins).
# The first team's manager is the `manager` login, so the demo's manager has pulls to judge.
TEAM_STAFF = [  # logins made for the teams: (username, first name, last name, role)
    ("tang.min", "Min", "Tang", "manager"), ("guo.jing", "Jing", "Guo", "manager"),
    ("song.yu", "Yu", "Song", "agent"), ("feng.kai", "Kai", "Feng", "agent"),
    ("deng.ting", "Ting", "Deng", "agent"), ("cao.lu", "Lu", "Cao", "agent"),
]
TEAMS = [
    ("cs-east", "East Coast", "华东组", "manager", ("agent", "zhou.na")),
    ("cs-south", "South", "华南组", "tang.min", ("he.lei", "song.yu")),
    ("cs-north", "North", "华北组", "guo.jing", ("feng.kai", "deng.ting", "cao.lu")),
]
# One agent moves mid-history: zhou.na leaves East Coast for South this many days ago, so her
# earlier pulls stay East Coast's and the later ones are South's.
TEAM_MOVE = ("zhou.na", "cs-south", 17)
# The verdict history: weeks back (1 = last week), and per team how many pulls each of those weeks.
VERDICT_WEEKS = 5
PULLS_PER_TEAM_WEEK = {"cs-east": 3, "cs-south": 4, "cs-north": 3}
# The week a team breaches the 2% bad-pull target: (team, weeks back, bad pulls among its pulls that week).
BREACH = ("cs-south", 3, 1)
# Pulls this recent (days) are left awaiting a verdict: the verdict queue's backlog.
AWAITING_WITHIN_DAYS = 3
VERDICT_NOTES = [
    ("Two customers, same defect, same lot: the rule, applied.", "两位顾客，同一缺陷、同一批次：按规则拉绳。"),
    ("Photos in both complaints show the same fault.", "两份投诉的照片显示同一故障。"),
    ("Good catch: the lot had the problem.", "发现及时：这批货确实有问题。"),
]
BAD_PULL_NOTES = [
    ("duplicate", "One customer filed twice; the rule needs two customers.", "同一位顾客投诉了两次；规则要求两位顾客。"),
    ("customer_misuse", "The warehouse found no defect: the unit was used outside its rating.", "仓库未发现缺陷：该商品超出额定条件使用。"),
    ("insufficient_evidence", "One vague complaint; ask for a photo first next time.", "只有一条含糊的投诉；下次先请顾客提供照片。"),
]
