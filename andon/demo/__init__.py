"""The demo store that `manage.py demo` loads: a believable bilingual shop, the same every run.

data.py holds the fixed seed data, builder.py bulk-builds the volume tables (the benchmarks' scales
too), story.py tells the andon's story through the services. Importing this package needs the
`demo` extra (factory-boy, Faker, tqdm, time-machine): production code never imports it.
"""

from members.factories import DEMO_PASSWORD

from .builder import DemoBuilder, DemoSize
from .data import DEMO_LOGINS, DEMO_USERNAMES, UNCUT_PAGES_SKU
from .story import DemoStory, famous_complaint

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "UNCUT_PAGES_SKU",
    "DemoBuilder",
    "DemoSize",
    "DemoStory",
    "famous_complaint",
]
