"""The offline guard of conftest.py works, so the whole suite checks that yuyin stays offline."""

from __future__ import annotations

import socket
import urllib.request

import pytest


def test_a_remote_connection_fails_the_test():
    with pytest.raises(AssertionError, match="network connections"):
        urllib.request.urlopen("http://example.com", timeout=1)  # resolves first: refused
    with socket.socket() as sock, pytest.raises(AssertionError, match="connect to '192.0.2.1'"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: would never answer anyway


def test_this_machine_stays_reachable():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
