"""The address phones use to reach this machine, and the listening socket."""

from __future__ import annotations

import errno
import ipaddress
import socket

import ifaddr

from tension_points.errors import UserError

LOOPBACK = "127.0.0.1"
# Enough for every phone in a large room connecting in the same second (the kernel caps it
# at net.core.somaxconn, 4096 on Debian).
BACKLOG = 2048


def interface_addresses() -> list[str]:
    """IPv4 addresses of this machine's network interfaces, private ranges first, no loopback or link-local."""
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue  # IPv6 entries are tuples
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_unspecified:
                continue
            if ip.ip not in found:
                found.append(ip.ip)
    return sorted(found, key=lambda a: (not ipaddress.IPv4Address(a).is_private, a))


def participant_hosts(host: str) -> list[str]:
    """Where participants can reach a server bound to ``host`` (the first is shown on the projector)."""
    if host in ("0.0.0.0", ""):
        return interface_addresses()
    return [host]


def allowed_host_names(host: str) -> set[str]:
    """Host header values the server answers to: loopback names and the addresses it is reachable on."""
    names = {"127.0.0.1", "localhost", "::1"}
    names.update(participant_hosts(host))
    if host not in ("0.0.0.0", ""):
        names.add(host)
    return names


def listening_socket(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: not a port number (0 to 65535)")
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        raise UserError(f"--host {host}: give an IPv4 address of this machine (127.0.0.1, 0.0.0.0, or one interface's address)") from None
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserError(f"--port {port}: port {port} on {host} is in use; pick another with --port, or stop the program using it") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise UserError(f"--host {host}: not an address of this machine") from None
        raise UserError(f"--host {host} --port {port}: cannot listen ({exc.strerror})") from None
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock
