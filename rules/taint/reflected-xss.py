import html
import json

from aiohttp import web
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, Response, jsonify, make_response, request
from markupsafe import Markup, escape
from tornado.web import RequestHandler

app = Flask(__name__)
api = FastAPI()


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: reflected-xss
    return make_response(f"<h1>Hello {name}</h1>")


@app.route("/greet/<user>")
def greet(user):
    # ruleid: reflected-xss
    return Response("<p>Welcome back, " + user + "</p>")


@app.route("/note")
def note():
    body = request.form["body"]
    # ruleid: reflected-xss
    return Markup("<div class='note'>%s</div>" % body)


@app.route("/safe")
def safe():
    name = request.args.get("name", "")
    # fix: reflected-xss
    a = make_response(f"<h1>Hello {escape(name)}</h1>")
    # ok: reflected-xss
    b = Response(html.escape(name))
    # ok: reflected-xss
    c = Response(json.dumps({"name": name}), mimetype="application/json")
    # ok: reflected-xss
    d = make_response(jsonify(name=name))
    # ok: reflected-xss
    e = Response(name, mimetype="text/plain")
    # ok: reflected-xss
    f = Response(response=name, status=200, headers={"Content-Type": "application/xml"})
    return a, b, c, d, e, f


def django_search(request):
    q = request.GET.get("q", "")
    # ruleid: reflected-xss
    return HttpResponse("<p>No results for %s</p>" % q)


def django_banner(request):
    # ruleid: reflected-xss
    banner = mark_safe(request.POST["banner"])
    # ok: reflected-xss
    line = format_html("<p>{}</p>", request.POST["banner"])
    # ok: reflected-xss
    return HttpResponse(line) if line else banner


@api.get("/page", response_class=HTMLResponse)
async def page(title: str):
    # ruleid: reflected-xss
    return HTMLResponse(f"<title>{title}</title>")


@api.get("/count")
async def count(n: int):
    # ok: reflected-xss
    return HTMLResponse(f"<p>{n}</p>")


async def aio_hello(request: web.Request):
    name = request.query.get("name", "")
    # ruleid: reflected-xss
    html_page = web.Response(text=f"<h1>{name}</h1>", content_type="text/html")
    # ok: reflected-xss
    plain = web.Response(text=f"hello {name}")
    return html_page or plain


class HelloHandler(RequestHandler):
    def get(self):
        name = self.get_argument("name")
        # ruleid: reflected-xss
        self.write("<b>" + name + "</b>")


@app.route("/hi/<name>")
def hi(name):
    # ruleid: reflected-xss
    return f"<h1>Hello {name}!</h1>"


@app.route("/search")
def search():
    q = request.args.get("q", "")
    if not q:
        # ok: reflected-xss
        return "<p>Type something</p>"
    # ruleid: reflected-xss
    return "<p>No results for " + q + "</p>"


@app.route("/plain/<name>")
def plain(name):
    # ok: reflected-xss
    return f"<p>{escape(name)}</p>"


@api.get("/fa/{name}")
async def fa_hello(name: str):
    # ok: reflected-xss
    return f"<h1>{name}</h1>"


def render_static():
    # ok: reflected-xss
    return Response("<p>static</p>")
