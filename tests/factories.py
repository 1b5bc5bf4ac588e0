"""factory_boy factories shared by every test package (append new ones below, one block per app).

Call `XFactory.create(...)` (not `XFactory(...)`) where the result needs its model type for mypy.
"""

from __future__ import annotations

import factory
from django.contrib.auth.models import User

from endpoints.models import AcumaticaConnection
from sync.choices import Entity, SyncDirection
from sync.models import StoreView, SyncConfiguration

# ----------------------------------------------------------------------------- people


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    """An admin user (staff and superuser) for admin page tests."""

    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


# ----------------------------------------------------------------------------- endpoints


class AcumaticaConnectionFactory(factory.django.DjangoModelFactory[AcumaticaConnection]):
    """A complete, non-default connection (Default Config exists from the migration)."""

    class Meta:
        model = AcumaticaConnection

    name = factory.Sequence(lambda n: f"Acumatica {n}")
    base_url = "http://127.0.0.1:8101"
    username = "admin"
    password = "sandbox"
    tenant = "Company"
    branch = ""


# ----------------------------------------------------------------------------- sync configuration


class StoreViewFactory(factory.django.DjangoModelFactory[StoreView]):
    class Meta:
        model = StoreView
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"store{n}")
    name = factory.LazyAttribute(lambda view: f"Store {view.code}")
    website_code = "base"
    acumatica_branch = ""
    acumatica_connection = None


class SyncConfigurationFactory(factory.django.DjangoModelFactory[SyncConfiguration]):
    """A store view's override for one entity."""

    class Meta:
        model = SyncConfiguration

    store_view = factory.SubFactory(StoreViewFactory)
    entity = Entity.PRODUCT
    enabled = True
    direction = SyncDirection.A2M
