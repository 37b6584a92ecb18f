"""Shared test settings: one thread, and no network (yuyin is offline first)."""

from __future__ import annotations

import socket

import pytest
import torch

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def _one_thread():
    """Tiny models run faster single-threaded, above all on a shared 2-core machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _refuse_remote(host: object, what: str) -> None:
    if isinstance(host, str) and host not in LOOPBACK:
        raise AssertionError(f"yuyin must not open network connections: {what} {host!r}")


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """Fail any test in whose process something resolves or connects to a host other than this
    machine (a hub download, a telemetry ping): every model must ship or be trained locally."""
    connect, connect_ex, getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse_remote(address[0], "connect to")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse_remote(address[0], "connect to")
        return connect_ex(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        _refuse_remote(host.decode() if isinstance(host, bytes) else host, "resolve")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
