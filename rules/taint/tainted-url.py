import os
import sys
import urllib.request
from urllib.parse import quote
from urllib.request import urlopen as fetch

import httpx
import requests
import requests as rq
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
API = "https://api.example.com/"
ALLOWED_HOSTS = {"https://a.example.com/feed", "https://b.example.com/feed"}


@app.route("/preview")
def preview():
    url = request.args["url"]
    # ruleid: tainted-url
    page = requests.get(url, timeout=5)
    # ruleid: tainted-url
    rq.post(url=url, data={}, timeout=5)
    # ruleid: tainted-url
    body = fetch(url).read()
    # ruleid: tainted-url
    httpx.get(f"{url}/status", timeout=5)
    # ruleid: tainted-url
    requests.request(
        "GET",
        "http://" + url,
        timeout=5,
    )
    return page.text + str(body)


@app.route("/user/<user_id>")
def user(user_id):
    # fix: tainted-url
    r = requests.get(f"https://api.example.com/users/{quote(user_id)}", timeout=5)
    # ok: tainted-url
    r2 = requests.get("https://api.example.com/users/" + user_id, timeout=5)
    # ok: tainted-url
    r3 = requests.get(API + user_id, timeout=5)
    # ok: tainted-url
    r4 = requests.get("https://api.example.com/search?q={}".format(user_id), timeout=5)
    # ruleid: tainted-url
    r5 = requests.get(f"https://{user_id}.example.com/profile", timeout=5)
    # ruleid: tainted-url
    r6 = requests.get(f"https://api.example.com{user_id}", timeout=5)
    return r.text + r2.text + r3.text + r4.text + r5.text + r6.text


@app.route("/feed")
def feed():
    source = request.args.get("src")
    if source not in ALLOWED_HOSTS:
        abort(400)
    # ok: tainted-url
    return requests.get(source, timeout=5).text


@app.route("/hook", methods=["POST"])
def hook():
    target = request.get_json()["callback"]
    if not target.startswith("https://hooks.example.com/"):
        abort(400)
    # ok: tainted-url
    requests.post(target, json={"ok": True}, timeout=5)
    return "ok"


@app.route("/hook2", methods=["POST"])
def hook2():
    target = request.get_json()["callback"]
    if not target.startswith("https://hooks.example.com"):
        abort(400)
    # ruleid: tainted-url
    requests.post(target, json={"ok": True}, timeout=5)
    return "ok"


def django_proxy(request):
    upstream = request.GET["upstream"]
    req = urllib.request.Request(upstream, headers={"X": "1"})
    # ruleid: tainted-url
    return urllib.request.urlopen(req).read()


@api.get("/fetch")
async def fetch_it(target: str):
    async with httpx.AsyncClient() as client:
        # ruleid: tainted-url
        response = await client.get(target)
    # ruleid: tainted-url
    sync = httpx.get(target, timeout=5)
    return response.text + sync.text


def session_unknown(url_from_caller):
    session = make_session()
    # ok: tainted-url
    session.get(url_from_caller)


def session_bound():
    s = requests.Session()
    # ruleid: tainted-url
    s.get(request.args["next"], timeout=5)


def session_passed_in(session):
    # A client passed in is not resolved.
    # todoruleid: tainted-url
    session.get(request.args["next"], timeout=5)


def make_session():
    return requests.Session()


def cli():
    # ruleid: tainted-url
    requests.get(sys.argv[1], timeout=5)
    # The operator's configuration, not attacker input.
    # ok: tainted-url
    requests.get(os.environ["SERVICE_URL"] + "/health", timeout=5)
    # ok: tainted-url
    requests.get("https://example.com", timeout=5)
    # ok: tainted-url
    requests.get(sys.argv[1], timeout=5)  # nosec


# More clients and frameworks, from rules/models (http-clients.yml, aiohttp.yml, tornado.yml).
import http.client

import aiohttp
import urllib3
from aiohttp import web
from tornado.httpclient import AsyncHTTPClient
from tornado.web import RequestHandler


async def aio_proxy(request: web.Request):
    target = request.query["url"]
    async with aiohttp.ClientSession() as session:
        # ruleid: tainted-url
        async with session.get(target) as resp:
            return web.Response(text=await resp.text())


@app.route("/status")
def status():
    host = request.args["host"]
    # ruleid: tainted-url
    conn = http.client.HTTPSConnection(host, timeout=5)
    pool = urllib3.PoolManager()
    # ruleid: tainted-url
    r = pool.request("GET", request.args["u"])
    # ok: tainted-url
    r2 = pool.request("GET", "https://status.example.com/" + host)
    return conn, r, r2


class FetchHandler(RequestHandler):
    async def get(self):
        client = AsyncHTTPClient()
        # ruleid: tainted-url
        resp = await client.fetch(self.get_argument("feed"))
        self.write(resp.body)
