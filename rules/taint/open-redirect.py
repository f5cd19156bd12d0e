from urllib.parse import urlsplit

from aiohttp import web
from django.http import HttpResponseRedirect
from django.shortcuts import redirect as dj_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, redirect, request, url_for
from tornado.web import RequestHandler

app = Flask(__name__)
api = FastAPI()


@app.route("/login", methods=["POST"])
def login():
    # ruleid: open-redirect
    return redirect(request.args.get("next"))


@app.route("/after")
def after():
    target = request.form.get("return_to") or "/"
    # ruleid: open-redirect
    return redirect(target, code=302)


@app.route("/logout")
def logout():
    # fix: open-redirect
    return redirect(url_for("index"))


@app.route("/profile/<name>")
def profile(name):
    # ok: open-redirect
    a = redirect(f"/users/{name}")
    # ok: open-redirect
    b = redirect("https://accounts.example.com/u/" + name)
    # ruleid: open-redirect
    c = redirect("/" + name)
    return a or b or c


def django_login(request):
    nxt = request.GET.get("next", "/")
    # ruleid: open-redirect
    return HttpResponseRedirect(nxt)


def django_back(request):
    # ruleid: open-redirect
    return dj_redirect(request.META.get("HTTP_REFERER"))


def django_checked(request):
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    # todook: open-redirect
    return HttpResponseRedirect(nxt)


@api.get("/go")
async def go(url: str):
    # ruleid: open-redirect
    return RedirectResponse(url)


async def aio_go(request: web.Request):
    # ruleid: open-redirect
    raise web.HTTPFound(request.query["to"])


class GoHandler(RequestHandler):
    def get(self):
        # ruleid: open-redirect
        self.redirect(self.get_argument("url"))


def relative_only(request):
    nxt = request.GET.get("next", "/")
    parts = urlsplit(nxt)
    if parts.scheme or parts.netloc:
        nxt = "/"
    # todook: open-redirect
    return HttpResponseRedirect(nxt)
