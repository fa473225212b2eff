"""The address phones use to reach this machine, and the listening socket: IPv4, and IPv6
where the machine has it (``--host ::`` listens on both, ``--host ::1`` on IPv6 loopback)."""

from __future__ import annotations

import errno
import ipaddress
import socket

import ifaddr

from tension_points.errors import UserError

LOOPBACK = "127.0.0.1"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
ALL_INTERFACES = ("0.0.0.0", "::", "")
# Enough for every phone in a large room connecting in the same second (the kernel caps it
# at net.core.somaxconn, 4096 on Debian).
BACKLOG = 2048


def interface_addresses(ipv6: bool = False) -> list[str]:
    """This machine's addresses on its networks, private IPv4 first, then (with ``ipv6``) global
    IPv6; never loopback or link-local (a phone cannot be sent a link-local address)."""
    found: list[str] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            text = ip.ip if isinstance(ip.ip, str) else ip.ip[0]  # IPv6 entries are (address, flow, scope)
            address = ipaddress.ip_address(text.split("%")[0])
            if address.version == 6 and not ipv6:
                continue
            if address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast:
                continue
            if str(address) not in found:
                found.append(str(address))
    return sorted(found, key=lambda a: (ipaddress.ip_address(a).version, not ipaddress.ip_address(a).is_private, a))


def participant_hosts(host: str) -> list[str]:
    """Where participants can reach a server bound to ``host`` (the first is shown on the projector)."""
    if host in ALL_INTERFACES:
        return interface_addresses(ipv6=host == "::")
    return [host]


def url_host(address: str) -> str:
    """An address as it stands in a URL: IPv6 in brackets."""
    return f"[{address}]" if ":" in address else address


def local_host(host: str) -> str:
    """The host this machine itself uses to reach a server bound to ``host`` (the facilitator's links)."""
    if host in ALL_INTERFACES or host in LOOPBACK_NAMES - {"::1"}:
        return LOOPBACK
    return url_host(host)


def allowed_host_names(host: str) -> set[str]:
    """Host header values the server answers to: loopback names and the addresses it is reachable on."""
    names = set(LOOPBACK_NAMES)
    names.update(participant_hosts(host))
    if host not in ALL_INTERFACES:
        names.add(host)
    return names


def listening_socket(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: not a port number (0 to 65535)")
    try:
        version = 4 if host == "" else ipaddress.ip_address(host).version
    except ValueError:
        raise UserError(f"--host {host}: give an address of this machine (127.0.0.1, 0.0.0.0, ::, ::1, or one interface's address)") from None
    try:
        sock = socket.socket(socket.AF_INET6 if version == 6 else socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        raise UserError(f"--host {host}: this machine has no IPv6; give an IPv4 address (127.0.0.1, 0.0.0.0)") from None
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if host == "::":
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # IPv4 phones too
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserError(f"--port {port}: port {port} on {host} is in use; pick another with --port, or stop the program using it") from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            raise UserError(f"--host {host}: not an address of this machine") from None
        raise UserError(f"--host {host} --port {port}: cannot listen ({exc.strerror})") from None
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock
