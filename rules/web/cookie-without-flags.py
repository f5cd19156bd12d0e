from django.http import HttpResponse
from flask import Flask, make_response

app = Flask(__name__)
COOKIE_OPTS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("ok")
    # ruleid: cookie-without-flags
    resp.set_cookie("session", "token")
    # ruleid: cookie-without-flags
    resp.set_cookie("session", "token", secure=True, httponly=True)
    # ruleid: cookie-without-flags
    resp.set_cookie("prefs", "dark", secure=False, httponly=True, samesite="Lax")
    # fix: cookie-without-flags
    resp.set_cookie("session", "token", secure=True, httponly=True, samesite="Lax")
    # ok: cookie-without-flags
    resp.set_cookie("session", "token", **COOKIE_OPTS)
    return resp


def django_view(request):
    response = HttpResponse("hi")
    # ruleid: cookie-without-flags
    response.set_signed_cookie("uid", "42", httponly=False, secure=True, samesite="Strict")
    # ok: cookie-without-flags
    response.set_cookie("uid", "42", secure=True, httponly=True, samesite="Strict")
    return response


def client_jar(jar, cookie):
    # ok: cookie-without-flags
    jar.set_cookie(cookie)
