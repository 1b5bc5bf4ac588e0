from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import StaffUserFactory


@pytest.fixture
def staff_client(db: None) -> Client:
    client = Client()
    client.force_login(StaffUserFactory.create())
    return client
