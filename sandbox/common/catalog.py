"""The demo business both sandboxes derive their data from, deterministic from (seed, items).

Acumatica renders it as its entities (stock items, matrix templates, classes, categories,
warehouses, prices, customers...); Magento takes the store structure, the MSI sources, the
registered customers and, for generated orders, the SKUs of the same catalog, so that orders
reference real products after an initial sync. Both processes build the same `Catalog` from the
same arguments; nothing here talks HTTP or keeps mutable state.

Naming is chosen so that the connector's suggested mappings match the demo completely by code or
name: ShipVia `FLATRATE` "Flat Rate" <-> `flatrate_flatrate` "Flat Rate", payment method `CHECK`
"Check / Money order" <-> `checkmo`, customer class `WHOLESALE` <-> group "Wholesale", warehouse
`RETAIL` <-> source `retail`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache


@dataclass(frozen=True)
class Branch:
    branch_id: str
    name: str
    numeric_id: int  # the `UserBranch` cookie value of a login


@dataclass(frozen=True)
class Warehouse:
    warehouse_id: str
    description: str
    branch_id: str
    source_code: str  # the Magento MSI source of the same place


@dataclass(frozen=True)
class StoreView:
    code: str
    name: str
    store_id: int
    website_id: int
    website_code: str
    website_name: str
    group_id: int
    group_name: str
    branch_id: str
    order_type: str


@dataclass(frozen=True)
class AttributeDef:
    attribute_id: str  # Acumatica attribute ID, upper case; Magento attribute code is its lower case
    description: str
    values: tuple[tuple[str, str], ...]  # (value id, description)


@dataclass(frozen=True)
class ItemClass:
    class_id: str
    description: str
    attributes: tuple[str, ...]
    matrix_attributes: tuple[str, ...] = ()  # attributes that vary across a template's variants


@dataclass(frozen=True)
class SalesCategory:
    category_id: int
    description: str
    parent_id: int  # 0 = top level
    sort_order: int


@dataclass(frozen=True)
class WarehouseQty:
    on_hand: int
    available: int
    available_for_shipping: int


@dataclass(frozen=True)
class Item:
    inventory_id: str
    description: str
    item_class: str
    active: bool
    categories: tuple[int, ...]
    default_price: Decimal
    sales_price: Decimal | None  # a promotional customer price, when there is one
    cost: Decimal
    msrp: Decimal
    weight: Decimal
    weight_uom: str
    volume: Decimal
    base_uom: str
    barcode: str
    page_title: str
    meta_description: str
    meta_keywords: str
    search_keywords: str
    content: str
    custom_url: str
    attributes: dict[str, str]
    quantities: dict[str, WarehouseQty]
    vendor_qty: int  # drop-ship vendor stock, reported by the item's preferred vendor
    template_id: str | None = None
    visibility: str = "Catalog and Search"


@dataclass(frozen=True)
class Template:
    inventory_id: str
    description: str
    item_class: str
    categories: tuple[int, ...]
    default_price: Decimal
    matrix_attributes: tuple[str, ...]
    variant_ids: tuple[str, ...]
    content: str


@dataclass(frozen=True)
class CustomerClass:
    class_id: str
    description: str
    magento_group_id: int


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    country: str


@dataclass(frozen=True)
class Customer:
    customer_id: str  # Acumatica CustomerID (empty when the customer exists only in Magento)
    first_name: str
    last_name: str
    email: str
    phone: str
    customer_class: str
    address: Address
    in_acumatica: bool
    in_magento: bool
    store_code: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class ShipVia:
    ship_via_id: str
    description: str
    carrier_code: str  # Magento carrier code of the matching shipping method
    method_code: str
    carrier_title: str
    method_title: str
    price: Decimal

    @property
    def magento_method(self) -> str:
        return f"{self.carrier_code}_{self.method_code}"


@dataclass(frozen=True)
class PaymentMethod:
    payment_method_id: str
    description: str
    magento_code: str
    magento_title: str
    cash_account: str
    paid_on_order: bool  # Magento invoices (captures) at checkout, so the order is "paid"


@dataclass(frozen=True)
class OrderType:
    order_type: str
    description: str


@dataclass
class Catalog:
    seed: int
    items_requested: int
    branches: list[Branch] = field(default_factory=list)
    warehouses: list[Warehouse] = field(default_factory=list)
    store_views: list[StoreView] = field(default_factory=list)
    attributes: list[AttributeDef] = field(default_factory=list)
    item_classes: list[ItemClass] = field(default_factory=list)
    categories: list[SalesCategory] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    customer_classes: list[CustomerClass] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    ship_vias: list[ShipVia] = field(default_factory=list)
    payment_methods: list[PaymentMethod] = field(default_factory=list)
    order_types: list[OrderType] = field(default_factory=list)

    def item(self, inventory_id: str) -> Item:
        return next(i for i in self.items if i.inventory_id == inventory_id)

    @property
    def simple_items(self) -> list[Item]:
        """Active stock items that are not variants of a matrix template."""
        return [i for i in self.items if i.template_id is None and i.active]

    @property
    def sellable_templates(self) -> list[Template]:
        return [t for t in self.templates if t.variant_ids]


BRANCHES = [Branch("MAIN", "Main Branch", 16), Branch("WEST", "West Coast Branch", 17)]
WAREHOUSES = [
    Warehouse("WHOLESALE", "Wholesale Warehouse", "MAIN", "wholesale"),
    Warehouse("RETAIL", "Retail Warehouse", "MAIN", "retail"),
    Warehouse("WESTWH", "West Coast Warehouse", "WEST", "westwh"),
]
STORE_VIEWS = [
    StoreView(
        "default", "Default Store View", 1, 1, "base", "Main Website", 1, "Main Website Store", "MAIN", "SO"
    ),
    StoreView(
        "west",
        "West Coast Store View",
        2,
        2,
        "west",
        "West Coast Website",
        2,
        "West Coast Store",
        "WEST",
        "SO",
    ),
]
ATTRIBUTES = [
    AttributeDef(
        "COLOR",
        "Color",
        (("BLACK", "Black"), ("WHITE", "White"), ("RED", "Red"), ("BLUE", "Blue"), ("GREEN", "Green")),
    ),
    AttributeDef("SIZE", "Size", (("S", "Small"), ("M", "Medium"), ("L", "Large"), ("XL", "Extra Large"))),
    AttributeDef(
        "MATERIAL",
        "Material",
        (
            ("COTTON", "Cotton"),
            ("POLY", "Polyester"),
            ("STEEL", "Steel"),
            ("WOOD", "Wood"),
            ("PLASTIC", "Plastic"),
        ),
    ),
    AttributeDef("WARRANTY", "Warranty", (("1Y", "1 Year"), ("2Y", "2 Years"), ("NONE", "No Warranty"))),
]
ITEM_CLASSES = [
    ItemClass("APPAREL", "Apparel", ("COLOR", "SIZE", "MATERIAL"), ("COLOR", "SIZE")),
    ItemClass("ELECTRONIC", "Electronics", ("COLOR", "WARRANTY")),
    ItemClass("HOMEGOODS", "Home Goods", ("MATERIAL", "COLOR")),
    ItemClass("STOCKITEM", "Stock Item", ()),
]
CATEGORIES = [
    SalesCategory(1, "Apparel", 0, 1),
    SalesCategory(2, "Men", 1, 1),
    SalesCategory(3, "Women", 1, 2),
    SalesCategory(4, "Electronics", 0, 2),
    SalesCategory(5, "Audio", 4, 1),
    SalesCategory(6, "Computers", 4, 2),
    SalesCategory(7, "Home & Kitchen", 0, 3),
    SalesCategory(8, "Kitchen", 7, 1),
    SalesCategory(9, "Decor", 7, 2),
    SalesCategory(10, "Clearance", 0, 4),
]
CLASS_CATEGORIES = {"APPAREL": (2, 3), "ELECTRONIC": (5, 6), "HOMEGOODS": (8, 9), "STOCKITEM": (10,)}
CUSTOMER_CLASSES = [
    CustomerClass("GENERAL", "General", 1),
    CustomerClass("WHOLESALE", "Wholesale", 2),
    CustomerClass("RETAILER", "Retailer", 3),
]
SHIP_VIAS = [
    ShipVia("FLATRATE", "Flat Rate", "flatrate", "flatrate", "Flat Rate", "Fixed", Decimal("5.00")),
    ShipVia(
        "FREESHIP", "Free Shipping", "freeshipping", "freeshipping", "Free Shipping", "Free", Decimal("0.00")
    ),
    ShipVia("TABLERATE", "Best Way", "tablerate", "bestway", "Best Way", "Table Rate", Decimal("9.50")),
    ShipVia("UPSGROUND", "UPS Ground", "ups", "GND", "United Parcel Service", "Ground", Decimal("12.40")),
    ShipVia("DROPSHIP", "Drop Ship", "dropship", "dropship", "Drop Ship", "Vendor Direct", Decimal("0.00")),
]
PAYMENT_METHODS = [
    PaymentMethod("CHECK", "Check / Money order", "checkmo", "Check / Money order", "10200", False),
    PaymentMethod(
        "BANKTRANS", "Bank Transfer Payment", "banktransfer", "Bank Transfer Payment", "10200", False
    ),
    PaymentMethod("COD", "Cash On Delivery", "cashondelivery", "Cash On Delivery", "10100", False),
    PaymentMethod("CREDITCARD", "Credit Card", "braintree", "Credit Card", "10400", True),
]
ORDER_TYPES = [
    OrderType("SO", "Sales Order"),
    OrderType("IN", "Invoice"),
    OrderType("QT", "Quote"),
    OrderType("RC", "Return for Credit"),
]

_NOUNS = {
    "APPAREL": ["T-Shirt", "Hoodie", "Polo", "Jacket", "Sweater", "Cap", "Scarf", "Jeans"],
    "ELECTRONIC": ["Headphones", "Speaker", "Keyboard", "Mouse", "Monitor", "Charger", "Webcam", "Router"],
    "HOMEGOODS": ["Mug", "Skillet", "Vase", "Lamp", "Cutting Board", "Kettle", "Frame", "Throw Pillow"],
    "STOCKITEM": ["Gift Card Sleeve", "Sticker Pack", "Tote Bag", "Notebook"],
}
_ADJECTIVES = [
    "Classic",
    "Premium",
    "Everyday",
    "Urban",
    "Vintage",
    "Compact",
    "Deluxe",
    "Essential",
    "Pro",
    "Lite",
]
_FIRST = [
    "Alice",
    "Bruno",
    "Chen",
    "Dana",
    "Emil",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
]
_LAST = [
    "Anders",
    "Baker",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
]
_CITIES = [
    ("Seattle", "WA", "98101"),
    ("Portland", "OR", "97201"),
    ("Austin", "TX", "73301"),
    ("Denver", "CO", "80202"),
    ("Boston", "MA", "02108"),
    ("Chicago", "IL", "60601"),
]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(Decimal("0.01"))


def _item_extras(rng: random.Random, inventory_id: str, description: str) -> dict[str, object]:
    slug = description.lower().replace(" ", "-").replace("&", "and")
    return {
        "barcode": f"{rng.randint(10**11, 10**12 - 1)}",
        "page_title": f"{description} | Demo Store",
        "meta_description": f"Buy the {description} online.",
        "meta_keywords": ", ".join(description.lower().split()),
        "search_keywords": description.lower(),
        "content": f"<p>The {description} ({inventory_id}) is part of our demo catalog.</p>",
        "custom_url": f"{slug}-{inventory_id.lower()}",
    }


def _quantities(rng: random.Random) -> dict[str, WarehouseQty]:
    result = {}
    for warehouse in WAREHOUSES:
        on_hand = rng.choice([0, rng.randint(1, 20), rng.randint(20, 500)])
        allocated = rng.randint(0, on_hand // 4) if on_hand else 0
        result[warehouse.warehouse_id] = WarehouseQty(on_hand, on_hand - allocated, on_hand - allocated)
    return result


def _physical(rng: random.Random, item_class: str) -> tuple[Decimal, Decimal]:
    weight = Decimal(rng.randint(1, 80)) / 10 if item_class != "STOCKITEM" else Decimal("0.2")
    volume = Decimal(rng.randint(1, 500)) / 100
    return weight.quantize(Decimal("0.01")), volume.quantize(Decimal("0.01"))


@lru_cache(maxsize=8)
def build_catalog(seed: int = 1, items: int = 200) -> Catalog:
    """The demo business for `seed`, with `items` stock items in all (matrix variants included)."""
    if items < 1:
        raise ValueError("items must be at least 1")
    rng = random.Random(seed)
    catalog = Catalog(
        seed=seed,
        items_requested=items,
        branches=list(BRANCHES),
        warehouses=list(WAREHOUSES),
        store_views=list(STORE_VIEWS),
        attributes=list(ATTRIBUTES),
        item_classes=list(ITEM_CLASSES),
        categories=list(CATEGORIES),
        customer_classes=list(CUSTOMER_CLASSES),
        ship_vias=list(SHIP_VIAS),
        payment_methods=list(PAYMENT_METHODS),
        order_types=list(ORDER_TYPES),
    )
    attribute_values = {a.attribute_id: [v for v, _ in a.values] for a in ATTRIBUTES}
    classes = [c.class_id for c in ITEM_CLASSES]
    number = 0
    while len(catalog.items) < items:
        number += 1
        item_class = rng.choices(classes, weights=[4, 3, 3, 1])[0]
        noun = rng.choice(_NOUNS[item_class])
        description = f"{rng.choice(_ADJECTIVES)} {noun}"
        categories: tuple[int, ...] = (rng.choice(CLASS_CATEGORIES[item_class]),)
        if rng.random() < 0.1:
            categories = (*categories, 10)
        price = _money(rng, 5, 300)
        remaining = items - len(catalog.items)
        klass = next(c for c in ITEM_CLASSES if c.class_id == item_class)
        # About one apparel product in three is a matrix template with 2-6 variants.
        if klass.matrix_attributes and remaining >= 2 and rng.random() < 0.35:
            template_id = f"{item_class[:3]}{number:04d}"
            colors = rng.sample(attribute_values["COLOR"], k=rng.randint(1, 3))
            sizes = rng.sample(attribute_values["SIZE"], k=rng.randint(2, 3))
            combos = [(c, s) for c in colors for s in sizes][:remaining]
            variant_ids = []
            material = rng.choice(attribute_values["MATERIAL"])
            for color, size in combos:
                variant_id = f"{template_id}-{color}-{size}"
                variant_ids.append(variant_id)
                weight, volume = _physical(rng, item_class)
                catalog.items.append(
                    Item(
                        inventory_id=variant_id,
                        description=f"{description} {color.title()} {size}",
                        item_class=item_class,
                        active=True,
                        categories=categories,
                        default_price=price,
                        sales_price=None,
                        cost=(price * Decimal("0.55")).quantize(Decimal("0.01")),
                        msrp=(price * Decimal("1.2")).quantize(Decimal("0.01")),
                        weight=weight,
                        weight_uom="LB",
                        volume=volume,
                        base_uom="EA",
                        attributes={"COLOR": color, "SIZE": size, "MATERIAL": material},
                        quantities=_quantities(rng),
                        vendor_qty=rng.choice([0, 0, 10, 25]),
                        template_id=template_id,
                        visibility="Not Visible Individually",
                        **_item_extras(rng, variant_id, f"{description} {color.title()} {size}"),  # type: ignore[arg-type]
                    )
                )
            catalog.templates.append(
                Template(
                    inventory_id=template_id,
                    description=description,
                    item_class=item_class,
                    categories=categories,
                    default_price=price,
                    matrix_attributes=klass.matrix_attributes,
                    variant_ids=tuple(variant_ids),
                    content=f"<p>{description}: choose your color and size.</p>",
                )
            )
            continue
        inventory_id = f"{item_class[:3]}{number:04d}"
        weight, volume = _physical(rng, item_class)
        has_sale = rng.random() < 0.25
        catalog.items.append(
            Item(
                inventory_id=inventory_id,
                description=description,
                item_class=item_class,
                active=rng.random() >= 0.05,
                categories=categories,
                default_price=price,
                sales_price=(price * Decimal("0.85")).quantize(Decimal("0.01")) if has_sale else None,
                cost=(price * Decimal("0.55")).quantize(Decimal("0.01")),
                msrp=(price * Decimal("1.2")).quantize(Decimal("0.01")),
                weight=weight,
                weight_uom="LB",
                volume=volume,
                base_uom="EA",
                attributes={a: rng.choice(attribute_values[a]) for a in klass.attributes},
                quantities=_quantities(rng),
                vendor_qty=rng.choice([0, 0, 0, 15, 40]),
                **_item_extras(rng, inventory_id, description),  # type: ignore[arg-type]
            )
        )
    catalog.customers = _customers(rng)
    return catalog


def _customers(rng: random.Random) -> list[Customer]:
    """20 people: 12 in both systems (same e-mail), 4 only in Acumatica, 4 only in Magento."""
    people = []
    for index in range(20):
        first, last = _FIRST[index], _LAST[(index * 7) % len(_LAST)]
        city, state, postal = rng.choice(_CITIES)
        in_acumatica = index < 16
        in_magento = index < 12 or index >= 16
        people.append(
            Customer(
                customer_id=f"C{index + 1:06d}" if in_acumatica else "",
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{last.lower()}@example.com",
                phone=f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                customer_class=rng.choice(["GENERAL", "GENERAL", "WHOLESALE", "RETAILER"]),
                address=Address(
                    f"{rng.randint(1, 9999)} {rng.choice(['Main', 'Oak', 'Pine', 'Lake'])} St",
                    city,
                    state,
                    postal,
                    "US",
                ),
                in_acumatica=in_acumatica,
                in_magento=in_magento,
                store_code="west" if index % 5 == 4 else "default",
            )
        )
    return people
