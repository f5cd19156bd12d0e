import io
import os
import os.path
import pathlib
import shutil
import sys
from os.path import join as pjoin
from pathlib import Path

from fastapi import FastAPI
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOADS = "/srv/uploads"
BASE = Path("/srv/files").resolve()
REPORTS = {"daily.csv", "weekly.csv"}
REPORT_FILES = {"daily": "daily.csv", "weekly": "weekly.csv"}


@app.route("/download")
def download():
    name = request.args["name"]
    # ruleid: tainted-path
    return send_file(os.path.join(UPLOADS, name))


@app.route("/read")
def read():
    name = request.args.get("name", "")
    path = pjoin(UPLOADS, name)
    # ruleid: tainted-path
    with open(path) as f:
        body = f.read()
    # ruleid: tainted-path
    data = open(f"{UPLOADS}/{name}", "rb").read()
    # ok: tainted-path
    safe = open(os.path.join(UPLOADS, os.path.basename(name))).read()
    # ok: tainted-path
    also_safe = open(pjoin(UPLOADS, secure_filename(name))).read()
    # ok: tainted-path
    fixed = open(os.path.join(UPLOADS, "index.txt")).read()
    return body + str(data) + safe + also_safe + fixed


@app.route("/report/<report>")
def report(report):
    if report not in REPORTS:
        abort(404)
    # ok: tainted-path
    return open(os.path.join("/srv/reports", report)).read()


@app.route("/page/<int:number>")
def page(number):
    # ok: tainted-path
    return open(f"/srv/pages/{number}.html").read()


@app.route("/files/<path:sub>")
def files(sub):
    target = Path(UPLOADS) / sub
    # ruleid: tainted-path
    text = target.read_text()
    resolved = (BASE / sub).resolve()
    if not resolved.is_relative_to(BASE):
        abort(403)
    # ok: tainted-path
    return text + resolved.read_text()


@app.route("/static2")
def static2():
    name = request.args["f"]
    full = os.path.realpath(os.path.join(UPLOADS, name))
    if not full.startswith(UPLOADS + os.sep):
        abort(403)
    # ok: tainted-path
    return open(full).read()


@app.route("/unsafe-prefix")
def unsafe_prefix():
    name = request.args["f"]
    full = os.path.join(UPLOADS, name)
    if not full.startswith(UPLOADS):
        abort(403)
    # ruleid: tainted-path
    return open(full).read()


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    # ruleid: tainted-path
    f.save(os.path.join(UPLOADS, f.filename))
    # ok: tainted-path
    f.save(os.path.join(UPLOADS, secure_filename(f.filename)))
    # ok: tainted-path
    return send_from_directory(UPLOADS, f.filename)


@app.route("/echo", methods=["POST"])
def echo():
    data = request.get_data()
    # ok: tainted-path
    return send_file(io.BytesIO(data), download_name="echo.bin")


@app.route("/named")
def named():
    key = request.args["report"]
    # ok: tainted-path
    return open(os.path.join("/srv/reports", REPORT_FILES.get(key, "daily.csv"))).read()


@app.route("/named2")
def named2():
    key = request.args["report"]
    # ruleid: tainted-path
    return open(os.path.join("/srv/reports", REPORT_FILES.get("daily", key))).read()


@app.route("/delete", methods=["POST"])
def delete():
    victim = request.form["victim"]
    # ruleid: tainted-path
    os.remove(os.path.join(UPLOADS, victim))
    # ruleid: tainted-path
    shutil.rmtree(
        pjoin(UPLOADS, victim),
    )
    # ok: tainted-path
    os.remove(os.path.join(UPLOADS, victim))  # nosec


def django_avatar(request):
    user_file = request.GET["file"]
    # ruleid: tainted-path
    return open("/srv/avatars/" + user_file, "rb").read()


@api.get("/logs")
def logs(name: str):
    # ruleid: tainted-path
    return pathlib.Path("/var/log", name).read_text()


@api.get("/logs/{day}")
def logs_by_day(day: int):
    # ok: tainted-path
    return pathlib.Path("/var/log", f"{day}.log").read_text()


def cli():
    # ruleid: tainted-path
    source = open(sys.argv[1]).read()
    home = os.environ["HOME"]
    # ok: tainted-path
    with open(os.path.join(home, ".apprc")) as rc:
        return source + rc.read()


def cleaned_by_reassignment():
    name = request.args["name"]
    name = "default.txt"
    # ok: tainted-path
    return open(os.path.join(UPLOADS, name)).read()


def docker_secret():
    # The operator's configuration (Docker/Kubernetes secrets), not attacker input.
    secret_file = os.environ.get("DB_PASSWORD_FILE")
    if secret_file:
        # ok: tainted-path
        with open(secret_file) as f:
            return f.read().strip()
    # ok: tainted-path
    return Path(os.environ["API_TOKEN_FILE"]).read_text().strip()


@app.route("/download2")
def download_fixed():
    name = request.args["name"]
    # fix: tainted-path
    return send_file(os.path.join(UPLOADS, secure_filename(name)))


# Route and handler parameters of aiohttp and Tornado, and the frameworks' file responses.
from aiohttp import web
from tornado.web import RequestHandler


async def aio_download(request: web.Request):
    name = request.match_info["name"]
    # ruleid: tainted-path
    return web.FileResponse(os.path.join("/srv/files", name))


async def aio_read(request):
    data = await request.post()
    # ruleid: tainted-path
    with open("/srv/uploads/" + data["file"]) as f:
        return web.Response(text=f.read())


class ReportHandler(RequestHandler):
    def get(self, report):
        # ruleid: tainted-path
        with open(os.path.join("/srv/reports", report)) as f:
            self.finish(f.read())

    def post(self):
        # ruleid: tainted-path
        os.remove(self.get_body_argument("path"))
        # ok: tainted-path
        os.remove(os.path.join("/tmp", os.path.basename(self.get_body_argument("path"))))


# Django views: the URL's captures arrive as the view's parameters after `request`.
from django.http import FileResponse
from django.views import View


def download(request, filename):
    # ruleid: tainted-path
    return FileResponse(open(os.path.join("/srv/media", filename), "rb"))


def invoice(request, number: int):
    # ok: tainted-path
    return FileResponse(open(f"/srv/invoices/{number}.pdf", "rb"))


def _attachment(request, stored_name):
    # ok: tainted-path
    return open(os.path.join("/srv/media", stored_name), "rb")


class ExportView(View):
    def get(self, request, name):
        # ruleid: tainted-path
        return FileResponse(open("/srv/exports/" + name, "rb"))
