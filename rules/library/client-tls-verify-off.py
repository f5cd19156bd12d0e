import ssl

import aiohttp
from OpenSSL import SSL


async def fetch(url):
    async with aiohttp.ClientSession() as session:
        # ruleid: client-tls-verify-off
        async with session.get(url, ssl=False) as resp:
            return await resp.text()


async def legacy(url):
    # ruleid: client-tls-verify-off
    connector = aiohttp.TCPConnector(verify_ssl=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        # ok: client-tls-verify-off
        return await session.post(url, ssl=ssl.create_default_context())


def client_ctx():
    ctx = SSL.Context(SSL.TLS_METHOD)
    # ruleid: client-tls-verify-off
    ctx.set_verify(SSL.VERIFY_NONE, lambda *a: True)
    # ok: client-tls-verify-off
    ctx.set_verify(SSL.VERIFY_PEER, lambda *a: True)
    return ctx


def lookup(config):
    # ok: client-tls-verify-off
    return config.get("ssl", False)


async def _advised_fix_client_tls_verify_off(session, url):
    # fix: client-tls-verify-off
    return await session.get(url, ssl=ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem"))
