"""The app server process keeps what its first request loaded out of the garbage collector."""

import gc

import pytest

from portal import process

pytestmark = pytest.mark.django_db


def test_the_first_request_freezes_what_the_process_loaded_and_only_the_first(client):
    gc.unfreeze()
    process.connect_signals()
    client.get("/")
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    client.get("/")
    assert gc.get_freeze_count() == 0
