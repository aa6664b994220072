"""The bulk builder of the demo store's volume tables, at every size from the demo to the benchmarks.

Reference data (people, suppliers, categories, partners) comes from the factory-boy factories.
The volume tables (products, lots, orders, lines, audit rows) are built as plain model
instances and bulk-inserted in batches at every size, so the normal demo runs the very code
path that the benchmark scales use, and no size ever saves one row at a time.

Rows are written directly rather than through the services on purpose: the services would
charge cards, enqueue refunds and lock rows for 400 or a million orders. The builder instead
writes what those services would have left behind (the state, the stock, the audit trail).
The andon's story on top of that store is told through the services instead: see story.py.
"""

import random
from bisect import bisect
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
from django.test.utils import override_settings
from django.utils import timezone
from tqdm import tqdm

from andon.models import (
    AndonPull,
    AndonWarning,
    Department,
    DepartmentLead,
    RootCauseReview,
    WorkOrder,
)
from flywheel.factories import CategoryFactory, PartnerFactory, SupplierFactory
from flywheel.models import (
    AuditEvent,
    Category,
    ListingState,
    Lot,
    Partner,
    Product,
    Supplier,
)
from members.factories import DEMO_PASSWORD, UserFactory
from members.models import Cart, CartItem, Notification, Order, OrderLine
from members.roles import Role
from members.teams.services import add_member, create_team, move_member
from tickets.models import Compensation, Complaint

from .data import (
    BOOK_FORMATS,
    CATALOG,
    CITIES,
    DEMO_LOGINS,
    DEMO_USERNAMES,
    GIVEN_NAMES,
    HOLD_REASONS,
    PARTNER_NAMES,
    SEED,
    SUPPLIERS,
    SURNAMES,
    TEAM_MOVE,
    TEAM_STAFF,
    TEAMS,
    UNCUT_PAGES,
    UNCUT_PAGES_PRICE,
    UNCUT_PAGES_SUPPLIER,
    WESTERN_NAMES,
    Item,
    Subcategory,
    Variant,
)
from .images import packshot_path
from .story import DemoStory

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
        self.pictures: dict[tuple[str, str], str] = {}  # (subcategory, variant) -> the packshot's storage name

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
        self._build_teams()
        # Each department's lead hears first when its work orders run late.
        for department, username in (
            (Department.SUPPLIER_MANAGEMENT, "vendor_manager"), (Department.WAREHOUSE, "warehouse"),
            (Department.PARTNER_MANAGEMENT, "partner_manager"), (Department.QUALITY, "quality"),
        ):
            DepartmentLead.objects.create(department=department, lead=self.logins[username])

    def _build_teams(self) -> None:
        """The customer-service teams, through the team services; memberships start a year back,
        before any story pull, so every pull records the team it was made in."""
        for username, first, last, role in TEAM_STAFF:
            self.logins[username] = UserFactory(
                username=username, first_name=first, last_name=last, email=f"{username}@andon.example",
                is_staff=True, password=self.forced_password, roles=[role],
            )
        self.agents += [self.logins[username] for username, _first, _last, role in TEAM_STAFF if role == Role.AGENT]
        by_username = {user.username: user for user in self.agents} | self.logins
        admin, joined = self.logins["admin"], timezone.localdate() - timedelta(days=365)
        self.teams = {}
        for code, name, name_zh, manager, agents in TEAMS:
            team = create_team(name=name, name_zh=name_zh, code=code, manager=self.logins[manager], cost_centre=f"CS-{code[3:].upper()}", actor=admin)
            for username in agents:
                add_member(team=team, user=by_username[username], started_on=joined, actor=admin)
            self.teams[code] = team
        username, to_team, days_ago = TEAM_MOVE
        move_member(user=by_username[username], to_team=self.teams[to_team], on=timezone.localdate() - timedelta(days=days_ago), actor=admin)

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
                    city_zh=city_zh,
                    description=f"{name}: admitted after an on-site inspection in {city}.",
                    description_zh=f"{name_zh}：经{city_zh}实地检查后入驻。",
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
                    variant=variant.name.strip().strip("()"),
                    variant_zh=variant.name_zh.strip().strip("（）()"),
                    image=self._picture(sub.slug, variant.name),
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

    def _picture(self, subcategory: str, variant: str) -> str:
        """The packshot of (subcategory, colour): drawn once per run, looked up in storage once per pair."""
        if (subcategory, variant) not in self.pictures:
            self.pictures[subcategory, variant] = packshot_path(subcategory=subcategory, variant=variant)
        return self.pictures[subcategory, variant]

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

