import ssl

import httpx
import pymongo
import redis
from elasticsearch import Elasticsearch


def stores(host):
    # ruleid: sdk-tls-verify-off
    es = Elasticsearch([host], verify_certs=False)
    # ruleid: sdk-tls-verify-off
    mongo = pymongo.MongoClient(host, tls=True, tlsAllowInvalidCertificates=True)
    # ruleid: sdk-tls-verify-off
    cache = redis.Redis(host=host, ssl=True, ssl_cert_reqs="none")
    # ruleid: sdk-tls-verify-off
    transport = httpx.HTTPTransport(verify=False, retries=3)
    # ok: sdk-tls-verify-off
    plain = redis.Redis(host=host, ssl=False)
    # ok: sdk-tls-verify-off
    checked = Elasticsearch([host], ca_certs="/etc/ssl/certs/es-ca.pem")
    return es, mongo, cache, transport, plain, checked


def _advised_fix_sdk_tls_verify_off(host):
    # fix: sdk-tls-verify-off
    return pymongo.MongoClient(host, tls=True, tlsCAFile="/etc/ssl/certs/mongo-ca.pem")
