"""Build the demo store that `manage.py demo` loads: a believable bilingual shop, the same every run.

Reference data (people, suppliers, categories, partners) comes from the factory-boy factories.
The volume tables (products, lots, orders, lines, audit rows) are built as plain model
instances and bulk-inserted in batches at every size, so the normal demo runs the very code
path that the benchmark scales use, and no size ever saves one row at a time.

Rows are written directly rather than through the services on purpose: the services would
charge cards, enqueue refunds and lock rows for 400 or a million orders. The builder instead
writes what those services would have left behind (the state, the stock, the audit trail).

The andon's story on top of that store (complaints, pulls, work orders, reviews) is the other
way round: a few hundred steps, each taken through the services, so every invariant they keep
(a product off sale has an open pull with its work orders) holds in the demo too. See DemoStory.
"""

import random
from bisect import bisect
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_UP, Decimal
from itertools import accumulate

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, reset_queries, transaction
from django.db.models import Count
from django.db.models.signals import pre_save
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from andon.models import (
    AndonPull, AndonWarning, Department, DepartmentLead, PullSupport, RootCauseReview, SupplierAnswer, WorkOrder,
)
from andon.pulls.services import pull_andon, warn_owners
from andon.reviews.services import add_corrective_action, add_why, complete_review, set_root_cause
from andon.work_orders.services import (
    confirm_work_order,
    escalate_overdue_work_orders,
    record_supplier_answer,
    resolve_work_order,
    start_work_order,
)
from flywheel.errors import DomainError
from flywheel.factories import CategoryFactory, PartnerFactory, SupplierFactory
from flywheel.models import AuditEvent, Category, ListingState, Lot, Partner, Product, Supplier
from members.factories import DEMO_PASSWORD, UserFactory
from members.models import Cart, CartItem, Coupon, Notification, Order, OrderLine
from members.roles import Role
from tickets.factories import ProcessFactory
from tickets.models import Compensation, Complaint, IssueCode
from tickets.services import close_complaint, file_complaint, grant_compensation, resolve_complaint
from tickets.targets import target_key

SEED = 1707  # fixed, so every run builds the same store
BATCH_SIZE = 5000
ORDER_WINDOW_DAYS = 90
PARTNER_WINDOW_DAYS = 548  # admissions over the last 18 months
CENT = Decimal("0.01")

Status = Order.Status


# --- Sizes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSize:
    products: int
    orders: int
    customers: int

    MAX_PRODUCTS = 100_000
    MAX_ORDERS = 1_000_000

    @classmethod
    def for_scale(cls, scale: int) -> "DemoSize":
        """Scale 1 is the hand-sized demo; scale N > 1 is 300*N products and 3,000*N orders.

        Scale 334 reaches the caps: 100,000 products and 1,000,000 orders.
        """
        if scale <= 1:
            return cls(products=300, orders=400, customers=40)
        products = min(300 * scale, cls.MAX_PRODUCTS)
        orders = min(3000 * scale, cls.MAX_ORDERS)
        return cls(products=products, orders=orders, customers=min(max(40, orders // 10), 100_000))


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
    # There is no partner-manager role group yet; partner managers work with outside parties
    # like vendor managers do, so this one sits in that group and owns every demo partner.
    DemoLogin("partner_manager", _("partner manager"), (Role.VENDOR_MANAGER,), "Ping", "Xu"),
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


# --- The builder -----------------------------------------------------------------------------


def insert_rows(model, rows: list[dict]) -> None:
    """Insert plain rows with one executemany per batch, skipping model instances altogether.

    Order lines and audit rows are most of a large demo and nothing needs their ids back;
    building a model instance for each one, then preparing each value through its field,
    was most of the run time. Both drivers adapt ints, strings and decimals themselves;
    datetimes go through the backend's adapter so SQLite stores them as the ORM does.
    """
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.get_field(name) for name in names]  # "order_id" finds the order field
    datetimes = [index for index, field in enumerate(fields) if isinstance(field, models.DateTimeField)]
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = []
            for row in rows[start : start + BATCH_SIZE]:
                values = [row[name] for name in names]
                for index in datetimes:
                    values[index] = adapt(values[index])
                batch.append(values)
            cursor.executemany(sql, batch)


@dataclass
class ProductRow:
    """What order generation needs about one product, without holding the model instance."""

    pk: int
    price: Decimal
    title: str
    title_zh: str
    state: str
    lots: list[list[int]]  # [lot pk, units still on hand], oldest first


class DemoBuilder:
    def __init__(self, *, size: DemoSize, progress: bool = False):
        self.size = size
        self.rng = random.Random(SEED)
        self.progress = progress
        self.now = timezone.now()
        # Hashed once and shared: hashing per user costs half a second each with the default hasher.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.forced_password = factory.Transformer.Force(self.password_hash)  # the factory would hash it again
        self.User = get_user_model()

    # -- public

    @staticmethod
    def already_loaded() -> bool:
        User = get_user_model()
        return (
            User.objects.filter(username__in=DEMO_USERNAMES).exists()
            or Product.objects.exists()
            or Order.objects.exists()
            or Supplier.objects.exists()
        )

    def build(self) -> bool:
        """Fill an empty database; return False, changing nothing, when demo data is present."""
        # The story's notifications would email made-up people at reserved domains: the demo sends
        # no mail (the in-app notifications are what it shows).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return self._build()

    @transaction.atomic
    def _build(self) -> bool:
        if self.already_loaded():
            return False
        self.order_type = ContentType.objects.get_for_model(Order, for_concrete_model=False)
        self.product_type = ContentType.objects.get_for_model(Product, for_concrete_model=False)
        self._build_staff()
        self._build_suppliers()
        self._build_categories()
        self._build_partners()
        self._build_customers()
        self._build_products()
        self._build_lots()
        self._build_orders()
        self._save_stock()
        self._build_carts()
        DemoStory(self).tell()
        return True

    # -- helpers

    def _bar(self, total: int, description: str):
        return tqdm(total=total, desc=description, unit=" rows", disable=not self.progress, leave=False)

    def _bulk(self, model, rows: list, *, bar=None) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        if bar is not None:
            bar.update(len(rows))
        return created

    def _ago(self, *, days: float) -> datetime:
        return self.now - timedelta(days=days)

    # -- people

    def _build_staff(self) -> None:
        self.logins = {}
        for login in DEMO_LOGINS:
            self.logins[login.username] = UserFactory(
                username=login.username,
                first_name=login.first_name,
                last_name=login.last_name,
                email=f"{login.username}@andon.example",
                is_staff=login.is_staff,
                is_superuser=login.is_superuser,
                password=self.forced_password,
                roles=list(login.groups),
            )
        second_vendor_manager = UserFactory(
            username="wu.tao",
            first_name="Tao",
            last_name="Wu",
            email="wu.tao@andon.example",
            is_staff=True,
            password=self.forced_password,
            roles=[Role.VENDOR_MANAGER],
        )
        self.vendor_managers = [self.logins["vendor_manager"], second_vendor_manager]
        # Two more agents, so the queue, the pulls and the KPIs are not one person's.
        self.agents = [self.logins["agent"]] + [
            UserFactory(
                username=username, first_name=first, last_name=last, email=f"{username}@andon.example",
                is_staff=True, password=self.forced_password, roles=[Role.AGENT],
            )
            for username, first, last in (("zhou.na", "Na", "Zhou"), ("he.lei", "Lei", "He"))
        ]
        # Each department's lead hears first when its work orders run late.
        for department, username in (
            (Department.SUPPLIER_MANAGEMENT, "vendor_manager"), (Department.WAREHOUSE, "warehouse"),
            (Department.PARTNER_MANAGEMENT, "partner_manager"), (Department.QUALITY, "quality"),
        ):
            DepartmentLead.objects.create(department=department, lead=self.logins[username])

    def _build_customers(self) -> None:
        rng, users, self.addresses = self.rng, [], []
        taken = set(DEMO_USERNAMES)
        for index in range(self.size.customers):
            western = rng.random() < 0.12
            if western:
                first, last = rng.choice(WESTERN_NAMES)
                username, display = f"{first}.{last}".lower(), f"{first} {last}"
            else:
                (last, last_zh), (first, first_zh) = rng.choice(SURNAMES), rng.choice(GIVEN_NAMES)
                username, display = f"{last}{first}".lower(), f"{last_zh}{first_zh}"
                first, last = first_zh, last_zh
            username = username.replace("ü", "u")
            if username in taken:
                username = f"{username}{index}"
            taken.add(username)
            joined = self._ago(days=rng.uniform(95, 900))
            users.append(
                self.User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{rng.choice(['example.com', 'example.net', 'example.org'])}",
                    password=self.password_hash,
                    date_joined=joined,
                )
            )
            self.addresses.append(self._address(display, english=western or rng.random() < 0.3))
        bar = self._bar(len(users), "customers")
        self.customers = self._bulk(self.User, users, bar=bar)
        bar.close()
        self.member_address = self._address("林梅", english=False)
        # Frequent buyers exist: a few customers place many of the orders.
        self.customer_weights = list(accumulate(1 / (rank + 3) for rank in range(len(self.customers))))

    def _address(self, name: str, *, english: bool) -> tuple[str, str, str]:
        rng = self.rng
        city, city_zh, districts = rng.choice(CITIES)
        district, district_zh, street, street_zh = rng.choice(districts)
        number = rng.randint(1, 999)
        if english:
            address = f"Flat {rng.randint(1, 30)}{rng.randint(1, 4):02d}, {number} {street}, {district}, {city}"
        else:
            address = f"{city_zh}{district_zh}{street_zh}{number}号{rng.randint(1, 30)}栋{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
        phone = f"1{rng.choice(['38', '39', '58', '86', '88'])}{rng.randint(0, 99_999_999):08d}"
        return name, address, phone

    # -- catalog

    def _build_suppliers(self) -> None:
        self.suppliers = {}
        for index, spec in enumerate(SUPPLIERS):
            self.suppliers[spec.code] = SupplierFactory(
                code=spec.code,
                name=spec.name,
                name_zh=spec.name_zh,
                contact_email=f"orders@{spec.code}.example.com",
                vendor_manager=self.vendor_managers[index % len(self.vendor_managers)],
                created_at=self._ago(days=400 + 20 * index),
            )
        self.brands = {spec.code: (spec.brand, spec.brand_zh) for spec in SUPPLIERS}

    def _build_categories(self) -> None:
        self.subcategories = []  # (TopCategory, Subcategory, Category)
        for top_position, top in enumerate(CATALOG):
            parent = CategoryFactory(slug=top.slug, name=top.name, name_zh=top.name_zh, position=top_position)
            for position, sub in enumerate(top.children):
                category = CategoryFactory(
                    slug=sub.slug, name=sub.name, name_zh=sub.name_zh, parent=parent, position=position
                )
                self.subcategories.append((top, sub, category))

    def _build_partners(self) -> None:
        rng, manager = self.rng, self.logins["partner_manager"]
        # One partner is still a draft; pulls in the story take others off the app (none starts there).
        states = [ListingState.DRAFT]
        index = 0
        for city, city_zh, _districts in CITIES:
            for kind, name, name_zh in rng.sample(PARTNER_NAMES, 3):
                state = states[index] if index < len(states) else ListingState.LISTED
                PartnerFactory(
                    name=f"{name} ({city})",
                    name_zh=f"{city_zh.removesuffix('市')}{name_zh}",
                    kind=kind,
                    city=city,
                    description=f"{name}: admitted after an on-site inspection in {city}.",
                    admitted_on=(self.now - timedelta(days=rng.randint(0, PARTNER_WINDOW_DAYS))).date(),
                    partner_manager=manager,
                    listing_state=state,
                )
                index += 1

    def _title_combos(self, sub: Subcategory) -> list[tuple[str, Item, Variant]]:
        combos = [
            (supplier, item, variant)
            for supplier in sub.suppliers
            for item in sub.items
            for variant in sub.variants
        ]
        self.rng.shuffle(combos)
        return combos

    def _price(self, item: Item, variant: Variant) -> Decimal:
        raw = self.rng.uniform(item.low, item.high) * variant.price_factor
        # Shelf prices end in .00 or .90, as Chinese shops print them.
        whole = max(int(raw), 5)
        return Decimal(whole) + (Decimal("0.90") if self.rng.random() < 0.5 else Decimal("0.00"))

    def _cost(self, price: Decimal) -> Decimal:
        # Cost is 86-95% of price: a gross margin of at most 14%, the pricing discipline.
        share = Decimal(str(round(self.rng.uniform(0.86, 0.95), 4)))
        return min((price * share).quantize(CENT, rounding=ROUND_UP), price)

    def _build_products(self) -> None:
        rng, total = self.rng, self.size.products
        combos = {sub.slug: self._title_combos(sub) for _top, sub, _category in self.subcategories}
        used = {slug: 0 for slug in combos}
        products, self.product_meta = [], []
        states = self._listing_states(total)
        for index in range(total):
            top, sub, category = self.subcategories[index % len(self.subcategories)]
            pool = combos[sub.slug]
            supplier_code, item, variant = pool[used[sub.slug] % len(pool)]
            used[sub.slug] += 1
            if index == 0:  # the best-selling book of the famous pull, waiting for its cord
                supplier_code, item, variant = UNCUT_PAGES_SUPPLIER, UNCUT_PAGES, BOOK_FORMATS[0]
            brand, brand_zh = self.brands[supplier_code]
            title = " ".join(part for part in (brand, item.name) if part)
            title_zh = f"{brand_zh}{item.name_zh}"
            if variant.name.startswith(" "):  # " (Paperback)" / "（平装）" follow the title directly
                title, title_zh = title + variant.name, title_zh + variant.name_zh
            elif variant.name_zh.startswith("（"):
                title, title_zh = f"{title} {variant.name}", title_zh + variant.name_zh
            elif variant.name:
                title, title_zh = f"{title} {variant.name}", f"{title_zh} {variant.name_zh}"
            blurbs = sub.blurbs
            price = self._price(item, variant) if index else UNCUT_PAGES_PRICE
            state = states[index]
            created = self._ago(days=rng.uniform(0, 10) if state == ListingState.DRAFT else rng.uniform(100, 420))
            products.append(
                Product(
                    sku=f"{top.sku_prefix}-{index + 1:06d}",
                    title=title,
                    title_zh=title_zh,
                    description=" ".join(blurb[0] for blurb in blurbs).format(name=item.name),
                    description_zh="".join(blurb[1] for blurb in blurbs).format(name=item.name_zh),
                    price=price,
                    cost=self._cost(price),
                    supplier=self.suppliers[supplier_code],
                    category=category,
                    listing_state=state,
                    created_at=created,
                )
            )
            self.product_meta.append(sub.stock_band)
        bar = self._bar(total, "products")
        created = []
        for start in range(0, total, BATCH_SIZE):
            created += self._bulk(Product, products[start : start + BATCH_SIZE], bar=bar)
        bar.close()
        self.products = [
            ProductRow(
                pk=product.pk, price=product.price, title=product.title, title_zh=product.title_zh,
                state=product.listing_state, lots=[],
            )
            for product in created
        ]
        self._build_product_history(created)

    def _listing_states(self, total: int) -> list[str]:
        """Mostly listed; about 2% drafts and 2% retired, at least one of each.

        None starts under review: only an andon pull puts a product there (the story's pulls do).
        The first product is the Uncut Pages, which must be on sale.
        """
        states = [ListingState.LISTED] * total
        positions = self.rng.sample(range(1, total), min(total - 1, 2 + total * 4 // 100))
        drafts = max(1, total * 2 // 100)
        for rank, position in enumerate(positions):
            states[position] = ListingState.DRAFT if rank < drafts else ListingState.RETIRED
        return states

    def _build_product_history(self, products: list[Product]) -> None:
        """The audit rows the listing services would have written for each product's state."""
        vendor_manager, manager = self.logins["vendor_manager"], self.logins["manager"]
        events, bar = [], self._bar(len(products), "product history")
        for product in products:
            state = product.listing_state
            if state == ListingState.DRAFT:
                continue
            published = product.created_at + timedelta(days=1)
            events.append(self._audit(self.product_type, product.pk, "publish", ListingState.DRAFT, ListingState.LISTED, vendor_manager, published))
            if state == ListingState.RETIRED:
                events.append(self._audit(
                    self.product_type, product.pk, "retire", ListingState.LISTED, state, manager,
                    self._ago(days=self.rng.uniform(1, 60)), "Discontinued by the supplier.",
                ))
            if len(events) >= BATCH_SIZE:
                bar.update(self._flush(AuditEvent, events))
        bar.update(self._flush(AuditEvent, events))
        bar.close()

    def _flush(self, model, rows: list) -> int:
        count = len(rows)
        insert_rows(model, rows)
        rows.clear()
        return count

    def _audit(self, content_type, object_id, action, from_state, to_state, actor, at, note="") -> dict:
        return {
            "content_type_id": content_type.pk,
            "object_id": str(object_id),
            "action": action,
            "from_state": from_state,
            "to_state": to_state,
            "actor_id": actor.pk if actor is not None else None,
            "note": note,
            "at": min(at, self.now),
        }

    # -- stock

    def _build_lots(self) -> None:
        """One to three lots per product, sized so popular products rarely sell out.

        About 3% of listed products start with nothing on hand: sold out before the demo's window.
        """
        rng, products = self.rng, self.products
        # Popularity: a long tail with a few best-sellers, shuffled so it does not follow the SKU.
        ranks = list(range(len(products)))
        rng.shuffle(ranks)
        popularity = [
            0.0 if product.state == ListingState.DRAFT else 1 / (rank + 8) ** 0.9 for product, rank in zip(products, ranks)
        ]
        # The Uncut Pages (the first product) is the best-seller by a clear margin, as in the story.
        popularity[0] = 2 * max(popularity)
        total_weight = sum(popularity)
        expected_units = self.size.orders * 1.9 * 1.3  # lines per order x units per line
        listed = [index for index, product in enumerate(products) if product.state == ListingState.LISTED]
        sold_out = set(rng.sample(listed, max(1, len(listed) * 3 // 100))) - {0}
        lots, owners = [], []
        bar = self._bar(len(products), "lots")
        for index, (product, (low, high)) in enumerate(zip(products, self.product_meta)):
            demand = expected_units * popularity[index] / total_weight
            count = rng.choice((1, 1, 2, 2, 3))
            per_lot = int(demand * rng.uniform(1.3, 2.0) / count) + rng.randint(low, high) // count
            days_ago = rng.randint(150, 365)  # the first lot came in before the order window opened
            for number in range(count):
                received = per_lot + rng.randint(0, max(1, per_lot // 5))
                on_hand = 0 if index in sold_out else received
                received_on = (self.now - timedelta(days=days_ago)).date()
                days_ago = max(1, days_ago - rng.randint(30, 70))
                lots.append(
                    Lot(
                        product_id=product.pk,
                        code=f"L{received_on:%y%m%d}-{number + 1}",
                        quantity_received=received,
                        quantity_on_hand=on_hand,
                        received_on=received_on,
                    )
                )
                owners.append(index)
            if len(lots) >= BATCH_SIZE:
                self._attach_lots(lots, owners)
            bar.update(1)
        self._attach_lots(lots, owners)
        bar.close()
        self.popularity = list(accumulate(popularity))

    def _attach_lots(self, lots: list[Lot], owners: list[int]) -> None:
        for lot, owner in zip(Lot.objects.bulk_create(lots, batch_size=BATCH_SIZE), owners):
            self.products[owner].lots.append([lot.pk, lot.quantity_on_hand, lot.quantity_on_hand])
        lots.clear()
        owners.clear()

    def _save_stock(self) -> None:
        """Write back what the orders took out of each lot."""
        changed = [
            Lot(pk=lot[0], quantity_on_hand=lot[1])
            for product in self.products
            for lot in product.lots
            if lot[1] != lot[2]
        ]
        bar = self._bar(len(changed), "stock")
        for start in range(0, len(changed), 1000):
            batch = changed[start : start + 1000]
            Lot.objects.bulk_update(batch, ["quantity_on_hand"])
            bar.update(len(batch))
        bar.close()

    # -- orders

    def _orders_per_day(self) -> list[int]:
        """Orders for each day of the window, oldest first; business grows a little over the quarter."""
        total, days = self.size.orders, ORDER_WINDOW_DAYS
        weights = [1 + 0.5 * day / days for day in range(days)]
        counts = [int(total * weight / sum(weights)) for weight in weights]
        for day in self.rng.sample(range(days), total - sum(counts)):
            counts[day] += 1
        return counts

    def _status_for(self, age_days: float) -> str:
        rng = self.rng
        if age_days < 2:
            table = [(Status.PLACED, 15), (Status.PAID, 45), (Status.PACKED, 20), (Status.ON_HOLD, 8), (Status.CANCELLED, 12)]
        elif age_days < 6:
            table = [(Status.PAID, 8), (Status.PACKED, 12), (Status.SHIPPED, 45), (Status.DELIVERED, 20),
                     (Status.ON_HOLD, 5), (Status.CANCELLED, 7), (Status.REFUNDED, 3)]
        else:
            table = [(Status.DELIVERED, 82), (Status.SHIPPED, 2), (Status.ON_HOLD, 2), (Status.CANCELLED, 6),
                     (Status.REFUNDED, 8)]
        return rng.choices([status for status, _weight in table], weights=[weight for _status, weight in table])[0]

    def _build_orders(self) -> None:
        rng, total = self.rng, self.size.orders
        unseen = list(Status.values)
        member_every = max(total // 5, 1)  # the `member` login gets a handful of orders to look at
        self.sequence = 0
        pending = []  # (unsaved Order, [(ProductRow, lot pk, units)], (was_shipped, paid))
        bar = self._bar(total, "orders")
        generated = 0
        for day, count in zip(range(ORDER_WINDOW_DAYS - 1, -1, -1), self._orders_per_day()):
            for seconds in sorted(rng.uniform(0, 86_400) for _second in range(count)):
                age = day + 1 - seconds / 86_400
                status = self._status_for(age)
                if status not in unseen and total - generated <= len(unseen):
                    # Too few orders left for chance to show every status: make sure each appears.
                    status = unseen[0]
                generated += 1
                order = self._order(age=age, status=status, is_member=generated % member_every == 0)
                if order is None:
                    continue
                if status in unseen:
                    unseen.remove(status)
                pending.append(order)
                if len(pending) >= BATCH_SIZE:
                    bar.update(self._flush_orders(pending))
        bar.update(self._flush_orders(pending))
        bar.close()

    def _pick_customer(self):
        index = bisect(self.customer_weights, self.rng.random() * self.customer_weights[-1])
        return self.customers[min(index, len(self.customers) - 1)], self.addresses[min(index, len(self.addresses) - 1)]

    def _pick_product(self) -> ProductRow:
        index = bisect(self.popularity, self.rng.random() * self.popularity[-1])
        return self.products[min(index, len(self.products) - 1)]

    def _order(self, *, age: float, status: str, is_member: bool):
        rng = self.rng
        placed_at = self._ago(days=age)
        holds_stock = status not in (Status.CANCELLED,)
        was_shipped = status in (Status.SHIPPED, Status.DELIVERED)
        if status == Status.REFUNDED:
            was_shipped = rng.random() < (0.7 if age >= 6 else 0.2)
            holds_stock = was_shipped  # a refund before shipping puts the units back
        lines, chosen = [], set()
        for _line in range(rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0]):
            for _attempt in range(4):
                product = self._pick_product()
                if product.pk in chosen or product.state == ListingState.DRAFT:
                    continue
                quantity = rng.choices((1, 2, 3), weights=(75, 20, 5))[0]
                taken = self._allocate(product, quantity, keep=holds_stock)
                if taken:
                    chosen.add(product.pk)
                    lines += [(product, lot_pk, units) for lot_pk, units in taken]
                    break
        if not lines:
            return None
        customer, (name, address, phone) = self._pick_customer()
        if is_member:
            customer, (name, address, phone) = self.logins["member"], self.member_address
        subtotal = sum((product.price * units for product, _lot, units in lines), Decimal("0"))
        fee = Decimal("0.00") if subtotal >= settings.FREE_SHIPPING_THRESHOLD else settings.SHIPPING_FEE
        self.sequence += 1
        held_from = ""
        if status == Status.ON_HOLD:
            held_from = rng.choice([Status.PLACED, Status.PAID, Status.PACKED] if age < 2 else [Status.PAID, Status.PACKED])
        paid = status != Status.PLACED and held_from != Status.PLACED
        if status == Status.CANCELLED:
            paid = rng.random() < 0.5
        english = address.isascii()
        order = Order(
            number=f"{timezone.localtime(placed_at):%y%m%d}{self.sequence:08d}",
            customer=customer,
            status=status,
            held_from=held_from,
            hold_reason=rng.choice(HOLD_REASONS)[0 if english else 1] if status == Status.ON_HOLD else "",
            language="en" if english else "zh-hans",
            subtotal=subtotal,
            shipping_fee=fee,
            total=subtotal + fee,
            payment_reference=f"sim_ch_{rng.getrandbits(48):012x}" if paid else "",
            shipping_name=name,
            shipping_address=address,
            shipping_phone=phone,
            placed_at=placed_at,
        )
        return order, lines, (was_shipped, paid)

    def _allocate(self, product: ProductRow, quantity: int, *, keep: bool) -> list[tuple[int, int]]:
        """Take units from the oldest lots first, as checkout does; nothing if too few are left."""
        if sum(lot[1] for lot in product.lots) < quantity:
            return []
        taken = []
        for lot in product.lots:
            if quantity == 0:
                break
            units = min(quantity, lot[1])
            if units:
                taken.append((lot[0], units))
                quantity -= units
                if keep:  # a cancelled order's units went back to their lots
                    lot[1] -= units
        return taken

    def _flush_orders(self, pending: list) -> int:
        if not pending:
            return 0
        orders = Order.objects.bulk_create([order for order, _lines, _spec in pending], batch_size=BATCH_SIZE)
        lines, events = [], []
        for order, (_unsaved, order_lines, spec) in zip(orders, pending):
            for product, lot_pk, units in order_lines:
                lines.append(
                    {
                        "order_id": order.pk,
                        "product_id": product.pk,
                        "lot_id": lot_pk,
                        "title": product.title,
                        "title_zh": product.title_zh,
                        "quantity": units,
                        "unit_price": product.price,
                    }
                )
            events += self._order_history(order, *spec)
        insert_rows(OrderLine, lines)
        insert_rows(AuditEvent, events)
        # With DEBUG on, Django keeps the last 9,000 statements; a bulk insert's statement is
        # megabytes long, so a large run would otherwise hold gigabytes of logged SQL.
        reset_queries()
        count = len(pending)
        pending.clear()
        return count

    def _order_history(self, order: Order, was_shipped: bool, paid: bool) -> list[dict]:
        """The audit rows the order services would have written on the way to the order's status."""
        customer, warehouse, agent = order.customer, self.logins["warehouse"], self.logins["agent"]
        steps = [("place", "", Status.PLACED, customer, "")]
        if paid:
            steps.append(("pay", Status.PLACED, Status.PAID, customer, order.payment_reference))
        if order.status in (Status.PACKED, Status.SHIPPED, Status.DELIVERED) or order.held_from == Status.PACKED or (
            order.status == Status.REFUNDED and was_shipped
        ):
            steps.append(("pack", Status.PAID, Status.PACKED, warehouse, ""))
        if was_shipped:
            steps.append(("ship", Status.PACKED, Status.SHIPPED, warehouse, ""))
        if order.status == Status.DELIVERED or (order.status == Status.REFUNDED and was_shipped):
            steps.append(("deliver", Status.SHIPPED, Status.DELIVERED, warehouse, ""))
        last = steps[-1][2]
        if order.status == Status.ON_HOLD:
            steps.append(("hold", last, Status.ON_HOLD, agent, order.hold_reason))
        elif order.status == Status.CANCELLED:
            steps.append(("cancel", last, Status.CANCELLED, customer, "Customer changed their mind."))
        elif order.status == Status.REFUNDED:
            steps.append(("refund", last, Status.REFUNDED, agent, "Refund approved by customer service."))
        # Payment follows within minutes; later steps are spread up to now, a day apart at most.
        paid_after = timedelta(minutes=4)
        span = min(timedelta(days=1), (self.now - order.placed_at - paid_after) / len(steps))
        return [
            self._audit(
                self.order_type, order.pk, action, from_state, to_state, actor,
                order.placed_at + (paid_after + span * (step - 1) if step else timedelta(0)), note,
            )
            for step, (action, from_state, to_state, actor, note) in enumerate(steps)
        ]

    # -- carts

    def _build_carts(self) -> None:
        rng = self.rng
        buyable = [product for product in self.products if product.state == ListingState.LISTED and any(lot[1] for lot in product.lots)]
        owners = [self.logins["member"], *rng.sample(self.customers, max(1, len(self.customers) // 10))]
        carts = Cart.objects.bulk_create([Cart(customer=owner) for owner in owners], batch_size=BATCH_SIZE)
        items = [
            CartItem(cart_id=cart.pk, product_id=product.pk, quantity=rng.choice((1, 1, 2)), added_at=self._ago(days=rng.uniform(0, 7)))
            for cart in carts
            for product in rng.sample(buyable, min(len(buyable), rng.randint(1, 3)))
        ]
        CartItem.objects.bulk_create(items, batch_size=BATCH_SIZE)

    # -- report

    @staticmethod
    def counts() -> dict[str, int]:
        return {
            "users": get_user_model().objects.count(),
            "suppliers": Supplier.objects.count(),
            "categories": Category.objects.count(),
            "partners": Partner.objects.count(),
            "products": Product.objects.count(),
            "lots": Lot.objects.count(),
            "orders": Order.objects.count(),
            "order lines": OrderLine.objects.count(),
            "audit events": AuditEvent.objects.count(),
            "carts": Cart.objects.count(),
            "complaints": Complaint.objects.count(),
            "compensations": Compensation.objects.count(),
            "andon pulls": AndonPull.objects.count(),
            "work orders": WorkOrder.objects.count(),
            "reviews": RootCauseReview.objects.count(),
            "warnings": AndonWarning.objects.count(),
            "notifications": Notification.objects.count(),
        }


# --- The andon story -------------------------------------------------------------------------
# What customers said and staff wrote is data, kept in the language its writer used (Chinese
# customers write in Chinese); it is not interface text and is not translated.

SHIPPED_STATUSES = (Status.SHIPPED, Status.DELIVERED)
ARRIVES_WITHIN = timedelta(days=3)  # complaints about a parcel come after it has arrived
CANDIDATE_PRODUCTS = 400  # products the story looks at for its scenes
MAX_CANDIDATE_LINES = 60  # best-sellers sell every day: no quiet days to have been off sale
BACKGROUND_PRODUCT_COMPLAINTS = 36
STORY_CLOCK = "andon-demo-story-clock"
STORY_LEEWAY_STEPS = (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6)

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


@dataclass(frozen=True)
class ReviewScript:
    """What a root-cause review has reached: its whys, and for a finished one its cause and actions."""

    whys: tuple[tuple[str, str], ...]
    cause: str = ""
    root_cause: str = ""
    actions: tuple[tuple[str, str, int], ...] = ()  # (what, owner's login, due in days from today)


@dataclass
class SalesFact:
    """A product the story may use, with every order line it sold (oldest first)."""

    product: Product
    top: str
    lines: list[tuple[int, int, datetime, str]]  # (line pk, customer pk, placed at, order status)


def speaks_chinese(user) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in f"{user.first_name}{user.last_name}")


def date_story_notifications() -> None:
    """Date the story's notifications when what they announce happened, not when the demo ran.

    Runs after the demo commits, once the inline jobs have sent them; with a Redis worker they
    arrive later and keep the time they were sent.
    """
    pulls = {pk: at for pk, at in AndonPull.objects.values_list("pk", "pulled_at")}
    backs = {pk: relisted or retired for pk, relisted, retired in AndonPull.objects.values_list("pk", "relisted_at", "retired_at")}
    work_orders = dict(WorkOrder.objects.values_list("pk", "opened_at"))
    warnings = dict(AndonWarning.objects.values_list("pk", "warned_at"))
    order_events = {
        (action, int(object_id)): at
        for action, object_id, at in AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Order, for_concrete_model=False), action__in=["hold", "release", "refund"]
        ).values_list("action", "object_id", "at").order_by("at")
    }
    when_by_kind = {
        "pull-opened": pulls.get, "target-back": backs.get, "work-order-opened": work_orders.get, "warning": warnings.get,
        "order-held": lambda pk: order_events.get(("hold", pk)),
        "order-released": lambda pk: order_events.get(("release", pk)),
        "order-refunded": lambda pk: order_events.get(("refund", pk)),
    }
    dated = []
    for note in Notification.objects.only("pk", "key"):
        kind, _sep, pk = note.key.rpartition(":")
        when = when_by_kind[kind](int(pk)) if kind in when_by_kind and pk.isdigit() else None
        if when is not None:
            note.created_at = when
            dated.append(note)
    Notification.objects.bulk_update(dated, ["created_at"], batch_size=1000)


def famous_complaint() -> Complaint | None:
    """The newest complaint about the Uncut Pages still waiting for its cord (the demo's first exercise)."""
    return (
        Complaint.objects.filter(product__sku=UNCUT_PAGES_SKU, issue_code__code="print-defect", product__pulls__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


class DemoStory:
    """The andon's last two months in the demo store, told through the services.

    Complaints are filed, pulls pulled, work orders worked and reviews written by the services, as
    the people in the story would have done. The services stamp "now", so each step is then moved
    back to when it happened, with QuerySet.update on time fields only (and the pull's own copy of
    its complaints' times); states are never touched except through the services. Audit rows,
    which nothing may update, are written with their step's time instead (see _stamp_audit).
    """

    def __init__(self, builder: "DemoBuilder"):
        self.now = builder.now
        self.rng = random.Random(SEED + 1)
        self.people = builder.logins
        self.agents = builder.agents
        self.customers = builder.customers
        self.codes = {code.code: code for code in IssueCode.objects.all()}
        self.used_products: set[int] = set()
        self.used_pairs: set[tuple[str, str]] = set()  # (target key, issue code) already complained about
        self.undated: list[tuple[Complaint, datetime]] = []  # filed for a pull, dated once it is pulled
        self.filed_at: dict[int, datetime] = {}
        self.clock: datetime | None = None  # the time of the step being taken

    def tell(self) -> None:
        pre_save.connect(self._stamp_audit, sender=AuditEvent, weak=False, dispatch_uid=STORY_CLOCK)
        try:
            self._index_sales()
            self._build_processes()
            self._past_pulls()
            self._open_pulls()
            self._uncut_pages()
            self._one_complaint_only()
            self._background()
        finally:
            pre_save.disconnect(sender=AuditEvent, dispatch_uid=STORY_CLOCK)
        # What the cron would do on its first tick: escalate the work orders already overdue.
        escalate_overdue_work_orders()
        transaction.on_commit(date_story_notifications)  # registered last: runs after the jobs

    # -- time

    def _ago(self, **delta) -> datetime:
        return self.now - timedelta(**delta)

    @contextmanager
    def _at(self, when: datetime):
        """Whatever the services audit inside the block happened at `when`."""
        self.clock = min(when, self.now)
        try:
            yield
        finally:
            self.clock = None

    def _stamp_audit(self, sender, instance, **kwargs) -> None:
        # Audit rows are immutable (their queryset refuses update), so they are not moved back
        # afterwards like the other rows: each is written with its step's time in the first place.
        if self.clock is not None and instance.pk is None:
            instance.at = self.clock

    def _between(self, earliest: datetime, latest: datetime) -> datetime:
        if latest <= earliest:
            return latest
        return earliest + (latest - earliest) * self.rng.random()

    # -- what sold, to whom

    def _index_sales(self) -> None:
        shipped = OrderLine.objects.filter(order__status__in=SHIPPED_STATUSES, product__listing_state=ListingState.LISTED)
        ids = list(
            shipped.exclude(product__sku=UNCUT_PAGES_SKU)
            .values("product_id")
            .annotate(count=Count("id"))
            .filter(count__lte=MAX_CANDIDATE_LINES)
            .order_by("product_id")
            .values_list("product_id", flat=True)
        )
        ids = self.rng.sample(ids, min(len(ids), CANDIDATE_PRODUCTS))
        products = Product.objects.select_related("category__parent", "supplier__vendor_manager").in_bulk(ids)
        lines: dict[int, list] = {pk: [] for pk in ids}
        for pk, product_id, customer_id, placed_at, status in (
            OrderLine.objects.filter(product_id__in=ids)
            .order_by("order__placed_at", "pk")
            .values_list("pk", "product_id", "order__customer_id", "order__placed_at", "order__status")
        ):
            lines[product_id].append((pk, customer_id, placed_at, status))
        self.facts = [
            SalesFact(products[pk], products[pk].category.parent.slug if products[pk].category.parent else "", lines[pk])
            for pk in ids
        ]

    def _one_line_per_customer(self, fact: SalesFact, *, before: datetime) -> list[tuple[int, int, datetime, str]]:
        lines = [line for line in fact.lines if line[3] in SHIPPED_STATUSES and line[2] <= before]
        self.rng.shuffle(lines)
        chosen = {}
        for line in lines:
            chosen.setdefault(line[1], line)
        return list(chosen.values())

    def _pick(
        self, *, at: datetime, customers: int, tops: tuple[str, ...] = (), off_sale: timedelta | None = None,
        leeway: timedelta = timedelta(0), nothing_to_hold: bool = False, packed_to_hold: bool = False,
        pulled: bool = True,
    ):
        """A product for a pull at about `at`, with delivered lines from `customers` customers before it.

        Nobody bought it while it was off sale (from the pull to its relisting, or to now for an
        open pull): the storefront would not have sold it. Returns (product, pulled at, lines).
        """
        facts = [fact for fact in self.facts if fact.top in tops] + [fact for fact in self.facts if fact.top not in tops]
        for wanted in sorted({customers, 1}, reverse=True):  # fewer customers (rule not met) only when nothing else fits
            for fact in facts:
                if fact.product.pk in self.used_products or fact.product.listing_state != ListingState.LISTED:
                    continue
                if nothing_to_hold and any(line[3] in Order.HOLDABLE for line in fact.lines):
                    continue
                for step in STORY_LEEWAY_STEPS if leeway else (0,):
                    start = min(at + leeway * step / 6, self.now - timedelta(minutes=5))
                    end = min(start + off_sale, self.now) if off_sale is not None else self.now
                    if pulled and any(start <= line[2] <= end for line in fact.lines):
                        continue
                    if packed_to_hold and not any(line[3] == Status.PACKED and line[2] < start for line in fact.lines):
                        continue
                    lines = self._one_line_per_customer(fact, before=start - ARRIVES_WITHIN - timedelta(hours=12))
                    if len(lines) >= wanted and (not pulled or self._leaves_every_status(fact)):
                        self.used_products.add(fact.product.pk)
                        return fact.product, start, lines[:customers]
        return None

    def _leaves_every_status(self, fact: SalesFact) -> bool:
        """Holding this product's orders leaves another order in each status it takes them out of."""
        held = {line[3] for line in fact.lines if line[3] in Order.HOLDABLE}
        return all(
            Order.objects.filter(status=status).exclude(lines__product=fact.product).exists() for status in sorted(held)
        )

    def _complaint_times(self, lines, *, before: datetime, within: timedelta) -> list[tuple[tuple, datetime]]:
        """When each customer complained: after the parcel arrived, within `within` before `before`."""
        timed = [
            (line, self._between(max(line[2] + ARRIVES_WITHIN, before - within), before - timedelta(minutes=20)))
            for line in lines
        ]
        return sorted(timed, key=lambda pair: pair[1])

    # -- steps, each at its own time

    def _channel(self) -> str:
        Channel = Complaint.Channel
        table = ((Channel.PHONE, 30), (Channel.CHAT, 25), (Channel.EMAIL, 15), (Channel.SELF_SERVICE, 20), (Channel.API, 10))
        return self.rng.choices([channel for channel, _w in table], weights=[weight for _c, weight in table])[0]

    def _file(
        self, *, code: str, at: datetime, said: tuple[str, str], line_pk: int | None = None, customer=None,
        partner=None, process=None, channel: str = "", agent=None, for_pull: bool = False,
    ) -> Complaint:
        order_line = OrderLine.objects.select_related("order__customer").get(pk=line_pk) if line_pk else None
        customer = order_line.order.customer if order_line else customer
        channel = channel or self._channel()
        taken_by = None if channel == Complaint.Channel.SELF_SERVICE else (agent or self.rng.choice(self.agents))
        with self._at(at):
            complaint = file_complaint(
                customer=customer, issue_code=self.codes[code], text=said[1] if speaks_chinese(customer) else said[0],
                channel=channel, order_line=order_line, partner=partner, process=process, taken_by=taken_by,
            )
        self.filed_at[complaint.pk] = at
        self.used_pairs.add((target_key(complaint.target), code))
        if for_pull:
            # The rule counts complaints of the last 30 days *now*: it must see them as fresh
            # when the (maybe 50-day-old) pull is pulled, so they are dated after it.
            self.undated.append((complaint, at))
        else:
            Complaint.objects.filter(pk=complaint.pk).update(created_at=at)
        return complaint

    def _file_for_pull(self, timed_lines, *, code: str, said: list[tuple[str, str]]) -> list[Complaint]:
        return [
            self._file(code=code, at=at, said=said[index % len(said)], line_pk=line[0], for_pull=True)
            for index, (line, at) in enumerate(timed_lines)
        ]

    def _pull(self, *, complaint: Complaint, agent, reason: str, at: datetime) -> AndonPull:
        with self._at(at):
            pull = pull_andon(agent=agent, reason=reason, complaint=complaint).pull
        for filed, when in self.undated:
            Complaint.objects.filter(pk=filed.pk).update(created_at=when)
        self.undated.clear()
        snapshot = pull.rule_snapshot
        for row in snapshot.get("complaints", []):
            row["created_at"] = self.filed_at.get(row["id"], at).isoformat()
        AndonPull.objects.filter(pk=pull.pk).update(pulled_at=at, rule_snapshot=snapshot)
        PullSupport.objects.filter(pull=pull).update(at=at)
        for work_order in pull.work_orders.all():
            WorkOrder.objects.filter(pk=work_order.pk).update(opened_at=at, due_at=at + (work_order.due_at - work_order.opened_at))
        RootCauseReview.objects.filter(pull=pull).update(opened_at=at)
        return AndonPull.objects.get(pk=pull.pk)

    def _join(self, *, pull: AndonPull, complaint: Complaint, agent, reason: str, at: datetime) -> None:
        with self._at(at):
            pull_andon(agent=agent, reason=reason, complaint=complaint)
        PullSupport.objects.filter(pull=pull, complaint=complaint).update(at=at)

    def _work_order(self, pull: AndonPull, kind: str) -> WorkOrder:
        return pull.work_orders.get(kind=kind)

    def _department_actor(self, pull: AndonPull, kind: str):
        Kind = WorkOrder.Kind
        if kind == Kind.SUPPLIER:
            return pull.product.supplier.vendor_manager or self.people["vendor_manager"]
        return {
            Kind.WAREHOUSE: self.people["warehouse"], Kind.RECTIFICATION: self.people["partner_manager"],
            Kind.ACCEPTANCE: self.people["quality"], Kind.PROCESS: self.people["manager"],
        }[kind]

    def _start(self, pull: AndonPull, kind: str, *, at: datetime) -> None:
        with self._at(at):
            start_work_order(work_order=self._work_order(pull, kind), actor=self._department_actor(pull, kind))

    def _answer(self, pull: AndonPull, answer: str, *, at: datetime) -> None:
        """The supplier's answer to every complaint point on the pull, recorded by the vendor manager."""
        work_order = self._work_order(pull, WorkOrder.Kind.SUPPLIER)
        for support in pull.supports.exclude(complaint=None).select_related("complaint"):
            with self._at(at):
                record_supplier_answer(
                    work_order=work_order, complaint=support.complaint, answer=answer,
                    actor=self._department_actor(pull, WorkOrder.Kind.SUPPLIER),
                )
        SupplierAnswer.objects.filter(work_order=work_order).update(recorded_at=at)

    def _resolve(self, pull: AndonPull, kind: str, *, outcome: str, notes: str, at: datetime) -> None:
        work_order = self._work_order(pull, kind)
        with self._at(at):
            resolve_work_order(work_order=work_order, actor=self._department_actor(pull, kind), outcome=outcome, notes=notes)
        WorkOrder.objects.filter(pk=work_order.pk).update(resolved_at=at)

    def _confirm(self, pull: AndonPull, kind: str, *, at: datetime) -> None:
        """Quality confirms; the last confirmation brings the target back (or retires it) then."""
        work_order = self._work_order(pull, kind)
        with self._at(at):
            confirm_work_order(work_order=work_order, actor=self.people["quality"])
        WorkOrder.objects.filter(pk=work_order.pk).update(closed_at=at)
        AndonPull.objects.filter(pk=pull.pk, relisted_at__isnull=False).update(relisted_at=at)
        AndonPull.objects.filter(pk=pull.pk, retired_at__isnull=False).update(retired_at=at)

    def _review(self, pull: AndonPull, script: ReviewScript, *, completed_at: datetime | None = None) -> None:
        review = RootCauseReview.objects.get(pull=pull)
        author = review.owner or self.people["manager"]
        for question, answer in script.whys:
            add_why(review=review, actor=author, question=question, answer=answer)
        if script.cause:
            set_root_cause(review=review, actor=author, cause_category=script.cause, root_cause=script.root_cause)
        for description, owner, due_in_days in script.actions:
            add_corrective_action(
                review=review, actor=author, description=description, owner=self.people[owner],
                due_on=(self.now + timedelta(days=due_in_days)).date(),
            )
        if completed_at is not None:
            with self._at(completed_at):
                complete_review(review=review, actor=author)
            RootCauseReview.objects.filter(pk=review.pk).update(completed_at=completed_at)
            AndonPull.objects.filter(pk=pull.pk, closed_at__isnull=False).update(closed_at=completed_at)

    def _settle(self, complaint: Complaint, *, resolved_at: datetime, closed_at: datetime | None = None) -> None:
        actor = complaint.taken_by or self.people["agent"]
        if resolved_at >= self.now:
            return
        with self._at(resolved_at):
            resolve_complaint(complaint=complaint, actor=actor, note="Customer settled.")
        if closed_at is not None and closed_at < self.now:
            with self._at(closed_at):
                close_complaint(complaint=complaint, actor=actor)

    def _compensate(self, complaint: Complaint, *, kind: str, at: datetime, amount: Decimal | None = None, note: str = "") -> bool:
        """Grant within the agent's limit; False (nothing granted) when the services refuse."""
        agent = complaint.taken_by or self.people["agent"]
        try:
            with self._at(at):
                compensation = grant_compensation(complaint=complaint, agent=agent, kind=kind, amount=amount, note=note)
        except DomainError:
            return False
        Compensation.objects.filter(pk=compensation.pk).update(granted_at=at)
        if compensation.coupon_id:
            Coupon.objects.filter(pk=compensation.coupon_id).update(
                issued_at=at, expires_at=at + timedelta(days=settings.COUPON_VALID_DAYS)
            )
        if compensation.replacement_order_id:
            Order.objects.filter(pk=compensation.replacement_order_id).update(placed_at=at)
        return True

    def _warn(self, complaint: Complaint, *, agent, reason: str, at: datetime) -> None:
        with self._at(at):
            warning = warn_owners(agent=agent, reason=reason, complaint=complaint)
        AndonWarning.objects.filter(pk=warning.pk).update(warned_at=at)

    # -- reference data

    def _build_processes(self) -> None:
        self.processes = {
            code: ProcessFactory(code=code, name=name, name_zh=name_zh, kind=kind, owner=self.people["manager"])
            for code, name, name_zh, kind in PROCESSES
        }
        cutoff = (self.now - timedelta(days=150)).date()
        self.partners = list(
            Partner.objects.filter(listing_state=ListingState.LISTED, admitted_on__lte=cutoff).order_by("pk")
        )

    def _take_partner(self, kind: str) -> Partner | None:
        fitting = [partner for partner in self.partners if partner.kind == kind] or self.partners
        if not fitting:
            return None
        partner = fitting[0]
        self.partners.remove(partner)
        return partner

    def _partner_customers(self, count: int) -> list:
        return self.rng.sample(self.customers, min(count, len(self.customers)))

    # -- the pulls that ran their course

    def _past_pulls(self) -> None:
        self._past_product_pull(
            days_ago=52, days_off_sale=2.6, code="missing-part", tops=("electronics", "home"), customers=3,
            puller=self.people["agent"],
            said=[SAID["missing-part"][0], ("The accessory the page lists is not in the box.", "页面上列出的配件盒子里没有。")],
            reason="3 customers, same lot: a part is missing from the box. Stop until the lot is checked.",
            answer="Supplier confirms: the lot was packed on a new inner tray and the accessory was left out of about a third of the boxes.",
            supplier=(WorkOrder.Outcome.UNITS_FIXED, "Supplier sent the missing accessories; every box on hand completed and resealed."),
            warehouse=(WorkOrder.Outcome.UNITS_FIXED, "Opened every box on hand; the ones without the accessory were set aside until the parts came."),
            script=ReviewScript(
                whys=(
                    ("Why did customers get boxes without the accessory?", "The supplier's new inner tray has no slot for it, and packers skipped it."),
                    ("Why did the supplier change the tray?", "To cut packaging cost; the change was not announced to us."),
                    ("Why did our inbound check not see it?", "Inbound weighs cartons; the tolerance is larger than the accessory weighs."),
                    ("Why is the tolerance that wide?", "It was set once for the old, heavier packaging and never revisited."),
                    ("Why was it never revisited?", "A supplier's packaging change does not trigger any review of our inbound checks."),
                ),
                cause=RootCauseReview.CauseCategory.PACKAGING,
                root_cause="A supplier's packaging change does not trigger a review of our inbound check parameters.",
                actions=(
                    ("Add packaging changes to the supplier change notice, with a re-check of inbound weights.", "vendor_manager", 25),
                    ("Set per-SKU weight tolerances below the lightest accessory in the box.", "warehouse", 40),
                ),
            ),
            review_days=9,
        )
        self._past_partner_pull(
            days_ago=45, days_off_sale=8.2, passed=False, code="counterfeit", puller=self.agents[1],
            said=[
                ("My new screen is not original: the colours are wrong and touch fails at the edges.", "新换的屏幕不是原装的：颜色发灰，边缘触摸失灵。"),
                ("They charged for an original part and fitted a copy.", "收了原装配件的钱，换上的却是仿制品。"),
            ],
            reason="Non-original screens fitted, 3 customers in a month - hide the shop until it is re-inspected.",
            rectified="The shop returned its screen stock to an unlicensed wholesaler and re-fitted 9 customers' phones.",
            inspected="Inspection found copy screens again in the back room: failed.",
            script=ReviewScript(
                whys=(
                    ("Why did customers get copy screens?", "The shop bought screens from an unlicensed wholesaler to cut cost."),
                    ("Why could it do that unseen?", "The agreement requires original parts, but nobody checks parts after admission."),
                    ("Why are there no checks after admission?", "Admission is a one-time on-site inspection; there is no recurring audit."),
                    ("Why only once?", "The admission criteria were written for fast growth into new cities."),
                    ("Why did growth win over checks?", "The partner team's target counts shops admitted, not shops that stay good."),
                ),
                cause=RootCauseReview.CauseCategory.PROCESS_DESIGN,
                root_cause="Admission checks a shop once and rewards the number admitted, not their quality over time.",
                actions=(
                    ("Quarterly unannounced parts audit for every repair shop.", "partner_manager", 30),
                    ("Change the partner team's target to the share of shops passing audits.", "executive", 60),
                ),
            ),
            review_days=14, days_before=(20, 8, 2),
        )
        self._past_product_pull(
            days_ago=38, days_off_sale=4.2, code="print-defect", tops=("books",), customers=2,
            puller=self.agents[2],
            said=[
                ("Pages 65 to 80 are bound in twice and 81 to 96 are missing.", "第65到80页装订了两遍，第81到96页却没有。"),
                ("The book is bound out of order after page 64.", "第64页之后的页码顺序全乱了。"),
            ],
            reason="Two customers, same lot: signatures bound out of order. Stop sale, check the lot.",
            answer="Publisher confirms: the bindery collated one signature twice on the night shift; the whole lot is affected.",
            supplier=(WorkOrder.Outcome.LOT_REJECTED, "Whole lot rejected; the publisher reprints and replaces it."),
            warehouse=(WorkOrder.Outcome.LOT_RETURNED, "Complained lot returned to the publisher; other lots checked page by page and released."),
            script=ReviewScript(
                whys=(
                    ("Why were books bound out of order?", "The bindery collated one signature twice during a night shift."),
                    ("Why did the bindery not catch it?", "Its collation check was switched off to keep up with a rush order."),
                    ("Why did the publisher accept the lot?", "The publisher samples one copy per pallet, by weight only."),
                    ("Why did we accept it on arrival?", "We take books on the publisher's certificate without opening a copy."),
                    ("Why no sample of our own?", "Books are treated as low-risk; our inbound checks only count cartons."),
                ),
                cause=RootCauseReview.CauseCategory.SUPPLIER_QUALITY,
                root_cause="Books are inbound as low-risk: no sample of our own, so a bindery error passes on the publisher's word.",
                actions=(
                    ("Open and flip through two copies of every inbound book lot.", "quality", -17),  # overdue
                    ("Publisher agreement: collation check on for every run, with the check log sent with the lot.", "vendor_manager", 20),
                ),
            ),
            review_days=10,
            refund_first=True,
        )
        self._past_partner_pull(
            days_ago=31, days_off_sale=6.5, passed=True, code="rude-service", puller=self.people["agent"],
            said=[
                ("The installer was rude to my parents and left without testing anything.", "安装师傅对我父母很不礼貌，什么都没测试就走了。"),
                ("He shouted at me on the phone and came three hours late.", "他在电话里对我吼，还晚到了三个小时。"),
            ],
            reason="Two families, same installer team: rude and left without testing. Pause the partner.",
            rectified="The team was retrained on customer visits; the worst offender no longer visits customers.",
            inspected="Three accompanied visits by quality: polite, on time, tested every installation. Passed.",
            script=ReviewScript(
                whys=(
                    ("Why were customers treated rudely?", "One team lead was rushing through eight visits a day."),
                    ("Why eight visits a day?", "The partner is paid per installation with no quality measure."),
                    ("Why no quality measure?", "Our partner scorecard has only volume and on-time rate."),
                    ("Why only those two?", "They were the numbers available when the scorecard was designed."),
                    ("Why was the scorecard never extended?", "Nobody owns the partner scorecard after launch."),
                ),
                cause=RootCauseReview.CauseCategory.TRAINING,
                root_cause="The partner scorecard has no customer-treatment measure and no owner to add one.",
                actions=(("Add a post-visit customer rating to the partner scorecard, and name its owner.", "partner_manager", 35),),
            ),
            review_days=8, days_before=(9, 2),
        )
        self._past_product_pull(
            days_ago=24, days_off_sale=1.8, code="damaged-in-transit", tops=("home", "food"), customers=2,
            puller=self.agents[1],
            said=[SAID["damaged-in-transit"][0], SAID["damaged-in-transit"][2]],
            reason="Arrives broken - two customers in a week, both shipped in bags. Stop and repack.",
            answer="Supplier checked retained samples: no defect at the factory; the damage happened in transit.",
            supplier=(WorkOrder.Outcome.NO_DEFECT, "No defect at the source."),
            warehouse=(WorkOrder.Outcome.UNITS_FIXED, "Every unit repacked in a box with corner protection."),
            script=ReviewScript(
                whys=(
                    ("Why did items arrive broken?", "They were shipped in padded bags, not boxes."),
                    ("Why in bags?", "The packing station picks packaging by size, and this item fits a bag."),
                    ("Why by size only?", "Packing rules have no fragile flag per product."),
                    ("Why no fragile flag?", "Supplier product data has no such field, and we never added one."),
                    ("Why was it never added?", "Breakage complaints were settled by refunds and never reached the warehouse."),
                ),
                cause=RootCauseReview.CauseCategory.WAREHOUSE_HANDLING,
                root_cause="Packing rules choose packaging by size alone; fragile products are not flagged, and breakage never reaches the warehouse.",
                actions=(
                    ("Add a fragile flag to products and a box-only packing rule for it.", "warehouse", 15),
                    ("Send a monthly breakage report from complaints to the warehouse lead.", "manager", 30),
                ),
            ),
            review_days=6,
        )

    def _past_product_pull(
        self, *, days_ago: float, days_off_sale: float, code: str, tops, customers: int, puller, said, reason: str,
        answer: str, supplier: tuple[str, str], warehouse: tuple[str, str], script: ReviewScript, review_days: float,
        refund_first: bool = False,
    ) -> None:
        picked = self._pick(
            at=self._ago(days=days_ago), customers=customers, tops=tops, off_sale=timedelta(days=days_off_sale),
            leeway=timedelta(days=4), nothing_to_hold=True,
        )
        if picked is None:
            return
        product, pulled_at, lines = picked
        complaints = self._file_for_pull(self._complaint_times(lines, before=pulled_at, within=timedelta(days=12)), code=code, said=said)
        pull = self._pull(complaint=complaints[-1], agent=puller, reason=reason, at=pulled_at)
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=puller, reason=reason, at=pulled_at)
        back = pulled_at + timedelta(days=days_off_sale)
        if refund_first:
            self._compensate(complaints[0], kind=Compensation.Kind.REFUND, at=self.filed_at[complaints[0].pk] + timedelta(minutes=12))
        self._start(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(hours=1))
        self._start(pull, WorkOrder.Kind.SUPPLIER, at=pulled_at + timedelta(hours=3))
        self._resolve(pull, WorkOrder.Kind.WAREHOUSE, outcome=warehouse[0], notes=warehouse[1], at=pulled_at + (back - pulled_at) * 0.3)
        self._confirm(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + (back - pulled_at) * 0.35)
        self._answer(pull, answer, at=pulled_at + (back - pulled_at) * 0.5)
        self._resolve(pull, WorkOrder.Kind.SUPPLIER, outcome=supplier[0], notes=supplier[1], at=pulled_at + (back - pulled_at) * 0.8)
        self._confirm(pull, WorkOrder.Kind.SUPPLIER, at=back)
        for complaint in complaints:
            self._settle(complaint, resolved_at=back + timedelta(hours=2), closed_at=back + timedelta(days=1))
        self._review(pull, script, completed_at=back + timedelta(days=review_days))

    def _past_partner_pull(
        self, *, days_ago: float, days_off_sale: float, passed: bool, code: str, puller, said, reason: str,
        rectified: str, inspected: str, script: ReviewScript, review_days: float, days_before: tuple[float, ...],
    ) -> None:
        partner = self._take_partner(Partner.Kind.REPAIR_SHOP if code == "counterfeit" else Partner.Kind.INSTALLER)
        if partner is None:
            return
        pulled_at = self._ago(days=days_ago)
        complaints = [
            self._file(
                code=code, at=pulled_at - timedelta(days=offset), said=said[index % len(said)], customer=customer,
                partner=partner, for_pull=True,
            )
            for index, (offset, customer) in enumerate(zip(days_before, self._partner_customers(len(days_before))))
        ]
        pull = self._pull(complaint=complaints[-1], agent=puller, reason=reason, at=pulled_at)
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=puller, reason=reason, at=pulled_at)
        Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome
        back = pulled_at + timedelta(days=days_off_sale)
        self._start(pull, Kind.RECTIFICATION, at=pulled_at + timedelta(hours=12))
        self._resolve(pull, Kind.RECTIFICATION, outcome=Outcome.RECTIFIED, notes=rectified, at=pulled_at + (back - pulled_at) * 0.6)
        self._confirm(pull, Kind.RECTIFICATION, at=pulled_at + (back - pulled_at) * 0.65)
        self._start(pull, Kind.ACCEPTANCE, at=pulled_at + (back - pulled_at) * 0.7)
        outcome = Outcome.INSPECTION_PASSED if passed else Outcome.INSPECTION_FAILED
        self._resolve(pull, Kind.ACCEPTANCE, outcome=outcome, notes=inspected, at=pulled_at + (back - pulled_at) * 0.95)
        self._confirm(pull, Kind.ACCEPTANCE, at=back)
        for complaint in complaints:
            self._settle(complaint, resolved_at=back + timedelta(hours=3), closed_at=back + timedelta(days=2))
        self._review(pull, script, completed_at=back + timedelta(days=review_days))

    # -- the pulls still open, one at each stage

    def _open_pulls(self) -> None:
        self._partner_in_rectification()
        self._supplier_resolved_awaiting_quality()
        self._warehouse_holding_orders()
        self._process_stopped()
        self._just_pulled()

    def _partner_in_rectification(self) -> None:
        partner = self._take_partner(Partner.Kind.REPAIR_SHOP)
        if partner is None:
            return
        pulled_at = self._ago(days=8, hours=3)
        said = [
            ("Quoted 300 CNY, charged 620, and replaced a battery that was fine.", "报价300元，最后收了620元，还换了一块好好的电池。"),
            ("They replaced parts I did not ask for and charged me for all of them.", "没经我同意就换了配件，还全部收费。"),
        ]
        complaints = [
            self._file(
                code="not-as-described", at=pulled_at - timedelta(days=offset), said=said[index], customer=customer,
                partner=partner, for_pull=True,
            )
            for index, (offset, customer) in enumerate(zip((6, 1), self._partner_customers(2)))
        ]
        pull = self._pull(
            complaint=complaints[-1], agent=self.agents[2], at=pulled_at,
            reason="Charged twice the quote and replaced parts that were fine - two customers. Hide the shop.",
        )
        self._join(
            pull=pull, complaint=complaints[0], agent=self.agents[2], reason="Same shop, same story.",
            at=pulled_at + timedelta(minutes=4),
        )
        self._start(pull, WorkOrder.Kind.RECTIFICATION, at=pulled_at + timedelta(hours=20))
        self._review(pull, ReviewScript(whys=(
            ("Why were customers charged more than quoted?", "The shop quotes by phone and re-prices at the counter."),
            ("Why can it re-price at the counter?", "Our app shows no binding quote, so there is nothing to hold the shop to."),
        )))

    def _supplier_resolved_awaiting_quality(self) -> None:
        picked = self._pick(at=self._ago(days=3, hours=5), customers=3, tops=("electronics",), leeway=timedelta(hours=16))
        if picked is None:
            return
        product, pulled_at, lines = picked
        timed = self._complaint_times(lines, before=pulled_at, within=timedelta(days=3))
        said = [SAID["wrong-item"][1], SAID["wrong-item"][0]]
        complaints = self._file_for_pull(timed[:2], code="wrong-item", said=said)
        pull = self._pull(
            complaint=complaints[-1], agent=self.people["agent"], at=pulled_at,
            reason="Wrong variant in the box, two customers - labels swapped on a lot? Stop and check.",
        )
        self._join(
            pull=pull, complaint=complaints[0], agent=self.people["agent"], reason="First report, same lot.",
            at=pulled_at + timedelta(minutes=2),
        )
        if len(lines) > 2:  # a third customer calls after the pull: the agent adds it (+1)
            late = self._file(code="wrong-item", at=pulled_at + timedelta(hours=9), said=said[0], line_pk=timed[2][0][0])
            self._join(
                pull=pull, complaint=late, agent=self.agents[2], reason="+1: a third customer, same wrong variant.",
                at=pulled_at + timedelta(hours=9, minutes=30),
            )
        self._start(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(hours=1, minutes=30))
        self._start(pull, WorkOrder.Kind.SUPPLIER, at=pulled_at + timedelta(hours=3))
        self._resolve(
            pull, WorkOrder.Kind.WAREHOUSE, outcome=WorkOrder.Outcome.UNITS_FIXED, at=pulled_at + timedelta(hours=20),
            notes="Checked every unit on hand: one lot had swapped labels; relabelled and released.",
        )
        self._confirm(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(days=1, hours=2))
        self._answer(
            pull, "Supplier confirms two variants ran on one packing line the same day and a roll of labels was swapped.",
            at=pulled_at + timedelta(days=2),
        )
        self._resolve(
            pull, WorkOrder.Kind.SUPPLIER, outcome=WorkOrder.Outcome.UNITS_FIXED, at=self._ago(hours=11),
            notes="Supplier relabelled its stock, added a label scan at packing, and sent the scan log.",
        )
        self._review(pull, ReviewScript(whys=(
            ("Why did customers get the wrong variant?", "A lot's boxes carried the label of the other variant."),
            ("Why were the labels swapped?", "Two variants were packed on one line the same day, with one roll of labels each."),
            ("Why did nothing check the label against the product?", "The supplier's line has no scan between product and label."),
        )))

    def _warehouse_holding_orders(self) -> None:
        picked = self._pick(
            at=self._ago(hours=14), customers=2, tops=("electronics", "food"), leeway=timedelta(hours=6), packed_to_hold=True,
        ) or self._pick(at=self._ago(hours=14), customers=2, leeway=timedelta(hours=6))
        if picked is None:
            return
        product, pulled_at, lines = picked
        complaints = self._file_for_pull(
            self._complaint_times(lines, before=pulled_at, within=timedelta(days=2)), code="counterfeit",
            said=[SAID["counterfeit"][0], SAID["counterfeit"][2]],
        )
        pull = self._pull(
            complaint=complaints[-1], agent=self.agents[2], at=pulled_at,
            reason="Two customers think it is fake: no batch code, anti-counterfeit code fails. Hold every unit.",
        )
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=self.agents[2], reason="Same suspicion, same lot.", at=pulled_at + timedelta(minutes=3))
        self._start(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(minutes=40))
        self._start(pull, WorkOrder.Kind.SUPPLIER, at=pulled_at + timedelta(hours=2))

    def _process_stopped(self) -> None:
        process = self.processes["returns-refund-approval"]
        pulled_at = self._ago(hours=6, minutes=10)
        said = [
            ("The returns desk refused my refund three times without looking at my photos.", "退货窗口三次拒绝退款，根本没看我上传的照片。"),
            ("I was told my refund 'needs approval' for eleven days, then it was refused without a reason.", "退款说要“审批”，等了十一天，最后无缘无故被拒。"),
            ("The returns desk hung up on me when I asked who approves refunds.", "我问谁来审批退款，退货窗口直接挂了电话。"),
        ]
        complaints = [
            self._file(
                code="rude-service", at=pulled_at - timedelta(days=offset), said=said[index], customer=customer,
                process=process, for_pull=True,
            )
            for index, (offset, customer) in enumerate(zip((9, 3, 0.2), self._partner_customers(3)))
        ]
        pull = self._pull(
            complaint=complaints[-1], agent=self.people["agent"], at=pulled_at,
            reason="Refunds refused without looking at the evidence - 3 customers. Stop the approval step and fix it.",
        )
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=self.people["agent"], reason="Same approval step.", at=pulled_at + timedelta(minutes=5))

    def _just_pulled(self) -> None:
        picked = self._pick(at=self._ago(minutes=25), customers=2, tops=("home",), leeway=timedelta(minutes=6))
        if picked is None:
            return
        product, pulled_at, lines = picked
        complaints = self._file_for_pull(
            self._complaint_times(lines, before=pulled_at, within=timedelta(days=1, hours=12)), code="not-as-described",
            said=[SAID["not-as-described"][1], SAID["not-as-described"][0]],
        )
        pull = self._pull(
            complaint=complaints[-1], agent=self.agents[1], at=pulled_at,
            reason="Two customers in two days: not what the page says. Off sale until the supplier answers.",
        )
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=self.agents[1], reason="Same problem.", at=pulled_at + timedelta(minutes=1))

    # -- the famous pull, not yet pulled; and a complaint that is alone

    def _uncut_pages(self) -> None:
        """Two customers, same book, same defect: the rule is met and the cord is left for the demo's user."""
        book = Product.objects.filter(sku=UNCUT_PAGES_SKU).first()
        if book is None:
            return
        lines = list(
            OrderLine.objects.filter(product=book, order__status__in=SHIPPED_STATUSES, order__placed_at__lte=self._ago(days=4))
            .exclude(order__customer=self.people["member"])
            .order_by("order__placed_at", "pk")
            .values_list("pk", "order__customer_id")[:500]
        )
        by_customer = {}
        for pk, customer_id in lines:
            by_customer.setdefault(customer_id, pk)
        chosen = self.rng.sample(sorted(by_customer.values()), min(2, len(by_customer)))
        said = [
            ("Pages 100-101 are uncut: they are still joined at the top edge and I had to cut them with a knife.", "第100-101页没有裁开，顶边还连在一起，我只好自己用刀裁开。"),
            ("Pages 100 and 101 were never cut apart. Is the whole print run like this?", "第100页和第101页根本没有裁开。是整批书都这样吗？"),
        ]
        times = [self._ago(days=1, hours=14), self._ago(hours=3, minutes=20)]
        channels = [Complaint.Channel.PHONE, Complaint.Channel.SELF_SERVICE]
        for index, line_pk in enumerate(chosen):
            complaint = self._file(
                code="print-defect", at=times[index], said=said[index], line_pk=line_pk, channel=channels[index], agent=self.agents[1],
            )
            if index == 0:
                self._compensate(
                    complaint, kind=Compensation.Kind.COUPON, amount=Decimal("5.00"), at=times[index] + timedelta(minutes=8),
                    note="Sorry about the uncut pages: 5 CNY off anything.",
                )
        self.used_products.add(book.pk)

    def _one_complaint_only(self) -> None:
        """One customer, one book: the rule is not met; the agent warns the owners and keeps it on sale."""
        picked = self._pick(at=self._ago(hours=30), customers=1, tops=("books",), pulled=False)
        if picked is None:
            return
        _product, at, lines = picked
        complaint = self._file(
            code="print-defect", at=at, line_pk=lines[0][0], channel=Complaint.Channel.CHAT, agent=self.people["agent"],
            said=("Pages 33 to 48 are printed upside down.", "第33到48页印倒了。"),
        )
        self._compensate(complaint, kind=Compensation.Kind.COUPON, amount=Decimal("5.00"), at=at + timedelta(minutes=6))
        self._warn(
            complaint, agent=self.people["agent"], at=at + timedelta(minutes=9),
            reason="A whole signature printed upside down: could be the print run. Still on sale; watching for a second report.",
        )

    # -- a month of complaints nobody needed to pull for

    def _background(self) -> None:
        rng, start = self.rng, self._ago(days=30)
        codes = [code for code, _weight in BACKGROUND_CODES]
        weights = [weight for _code, weight in BACKGROUND_CODES]
        wanted = codes + rng.choices(codes, weights=weights, k=BACKGROUND_PRODUCT_COMPLAINTS - len(codes))
        candidates = [fact for fact in self.facts if fact.product.pk not in self.used_products]
        filed = []
        member_line = (
            OrderLine.objects.filter(
                order__customer=self.people["member"], order__status=Status.DELIVERED, order__placed_at__gte=self._ago(days=25)
            )
            .exclude(product_id__in=self.used_products)
            .order_by("pk")
            .values_list("pk", "product_id", "order__placed_at")
            .first()
        )
        if member_line is not None:  # the `member` login has reported a problem on one of its orders
            at = self._between(member_line[2] + ARRIVES_WITHIN, self.now - timedelta(hours=2))
            filed.append(self._file(
                code="damaged-in-transit", at=at, said=SAID["damaged-in-transit"][1], line_pk=member_line[0],
                channel=Complaint.Channel.SELF_SERVICE,
            ))
        for code in wanted:
            rng.shuffle(candidates)
            for fact in candidates:
                key = (f"product:{fact.product.pk}", code)
                if code not in CODES_BY_TOP.get(fact.top, ()) or key in self.used_pairs:
                    continue
                statuses = (Status.SHIPPED,) if code == "late-delivery" else SHIPPED_STATUSES
                arrives = timedelta(days=1) if code == "late-delivery" else ARRIVES_WITHIN
                lines = [
                    line for line in fact.lines
                    if line[3] in statuses and line[2] + arrives < self.now - timedelta(hours=1) and line[2] > start - timedelta(days=30)
                ]
                if not lines:
                    continue
                line = rng.choice(lines)
                at = self._between(max(line[2] + arrives, start), self.now - timedelta(minutes=30))
                filed.append(self._file(code=code, at=at, said=rng.choice(SAID[code]), line_pk=line[0]))
                break
        for code, en, zh in PARTNER_SAID:
            if self.partners:
                partner = self.partners.pop(rng.randrange(len(self.partners)))
                filed.append(self._file(
                    code=code, at=self._between(start, self.now), said=(en, zh), customer=rng.choice(self.customers), partner=partner,
                ))
        for process_code, code, en, zh in PROCESS_SAID:
            filed.append(self._file(
                code=code, at=self._between(start, self.now), said=(en, zh), customer=rng.choice(self.customers),
                process=self.processes[process_code],
            ))
        self._settle_background(filed)
        self._compensate_background(filed)

    def _settle_background(self, complaints: list[Complaint]) -> None:
        for complaint in complaints:
            filed = self.filed_at[complaint.pk]
            if self.now - filed < timedelta(days=4) or self.rng.random() < 0.25:
                continue  # still in the queue
            resolved = filed + timedelta(hours=self.rng.uniform(1, 48))
            closed = resolved + timedelta(days=self.rng.uniform(1, 3)) if self.rng.random() < 0.5 else None
            self._settle(complaint, resolved_at=resolved, closed_at=closed)

    def _compensate_background(self, complaints: list[Complaint]) -> None:
        """A few grants of each kind: coupons for waiting, a refund, a replacement for a broken item."""
        by_code: dict[str, list[Complaint]] = {}
        for complaint in sorted(complaints, key=lambda c: self.filed_at[c.pk], reverse=True):
            by_code.setdefault(complaint.issue_code.code, []).append(complaint)
        for complaint in by_code.get("late-delivery", [])[:2]:
            self._compensate(
                complaint, kind=Compensation.Kind.COUPON, amount=Decimal("5.00"), at=self.filed_at[complaint.pk] + timedelta(minutes=7),
                note="Sorry for the wait.",
            )
        for complaint in by_code.get("not-as-described", []):
            if complaint.order_line_id and self._compensate(
                complaint, kind=Compensation.Kind.REFUND, at=self.filed_at[complaint.pk] + timedelta(minutes=15),
                amount=min(complaint.order_line.line_total, Decimal("120.00")), note="Refund for an item not as described.",
            ):
                break
        for complaint in by_code.get("damaged-in-transit", []):
            if complaint.order_line_id and self._compensate(
                complaint, kind=Compensation.Kind.REPLACEMENT, at=self.filed_at[complaint.pk] + timedelta(minutes=10),
                note="Free replacement, boxed this time.",
            ):
                break
        warned = next(iter(by_code.get("missing-part", []) or by_code.get("not-as-described", [])), None)
        if warned is not None:
            self._warn(
                warned, agent=self.agents[1], at=self.filed_at[warned.pk] + timedelta(minutes=20),
                reason="First report, but it sounds like the whole lot: please check before a second customer calls.",
            )
