import ssl

import urllib3
from requests.adapters import HTTPAdapter
from urllib3.poolmanager import PoolManager


class InsecureAdapter(HTTPAdapter):
    def init_poolmanager(self, connections, maxsize, block=False, **kw):
        # ruleid: urllib3-cert-none
        self.poolmanager = PoolManager(num_pools=connections, maxsize=maxsize, block=block, cert_reqs="CERT_NONE")


def client():
    # ruleid: urllib3-cert-none
    http = urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)
    # ruleid: urllib3-cert-none
    pool = urllib3.HTTPSConnectionPool("api.example.com", 443, assert_hostname=False)
    # ok: urllib3-cert-none
    fine = urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
    # ok: urllib3-cert-none
    default = urllib3.PoolManager()
    return http, pool, fine, default


def _advised_fix_urllib3_cert_none():
    # fix: urllib3-cert-none
    return urllib3.PoolManager(ca_certs="/etc/ssl/certs/internal-ca.pem")
