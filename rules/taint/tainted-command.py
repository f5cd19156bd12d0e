import os
import shlex
import subprocess
import subprocess as sp
import sys
from os import system as run_shell
from subprocess import Popen, check_output

import flask
from fastapi import APIRouter, Depends, FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
router = APIRouter()
ALLOWED_TOOLS = {"ls", "du"}
LOG_DIR = "/var/log/app"


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: tainted-command
    subprocess.run("ping -c 1 " + host, shell=True)
    # ruleid: tainted-command
    os.system(f"ping -c 1 {host}")
    # ruleid: tainted-command
    sp.Popen("ping -c 1 {}".format(host), shell=True)
    # ruleid: tainted-command
    run_shell("ping -c 1 %s" % host)
    # ruleid: tainted-command
    check_output(["ping", "-c", "1", host])
    # ok: tainted-command
    subprocess.run("ping -c 1 " + shlex.quote(host), shell=True)
    # ok: tainted-command
    subprocess.run(["ping", "-c", "1", "localhost"])


@app.post("/archive")
def archive():
    # Multi-step: form → dict → tuple unpacking → join → command.
    data = request.form
    options = {"name": data["name"], "level": "9"}
    name, level = options["name"], options["level"]
    parts = ["tar", "czf", name + ".tgz", LOG_DIR]
    command = " ".join(parts)
    # ruleid: tainted-command
    subprocess.check_call(command, shell=True)
    # A container is tainted as a whole: its clean entries are not told apart.
    # todook: tainted-command
    subprocess.check_call(["tar", "czf", "out.tgz", level])


@app.route("/tool")
def tool():
    name = request.values["tool"]
    if name not in ALLOWED_TOOLS:
        abort(400)
    # ok: tainted-command
    subprocess.run(name, shell=True)


@app.route("/tool2")
def tool2():
    name = request.cookies.get("tool")
    if name in ALLOWED_TOOLS:
        # ok: tainted-command
        os.system(name)
    # ruleid: tainted-command
    os.system(name)


@app.route("/count")
def count():
    n = int(request.args["n"])
    # ok: tainted-command
    os.system("seq %d" % n)
    label = request.headers.get("X-Label")
    label = "default"
    # ok: tainted-command
    os.system("echo " + label)


@app.route("/json")
def from_json():
    payload = request.get_json()
    target = payload["target"]
    # ruleid: tainted-command
    Popen(
        f"nslookup {target}",
        shell=True,
    )
    # ok: tainted-command
    Popen(f"nslookup {target}", shell=True)  # nosec
    # ok: tainted-command
    os.popen(f"nslookup {target}")  # hunkwise: ignore[tainted-command]


def flask_module_request():
    # ruleid: tainted-command
    os.popen("cat " + flask.request.args["file"])


def django_view(request, slug):
    branch = request.GET.get("branch", "main")
    # ruleid: tainted-command
    subprocess.run(f"git log {branch}", shell=True, check=True)
    # ok: tainted-command
    subprocess.run(["git", "log", "--", "main"], check=True)


class ExportView:
    def post(self, request):
        fmt = self.request.POST["format"]
        # ruleid: tainted-command
        os.system("export --format=" + fmt)


@api.get("/lookup/{domain}")
def lookup(domain: str, count: int = 1):
    # ruleid: tainted-command
    subprocess.run(f"dig {domain}", shell=True)
    # ok: tainted-command
    subprocess.run(f"dig -c {count} example.com", shell=True)


@router.post("/convert")
async def convert(source: str, db=Depends(object)):
    # ruleid: tainted-command
    await_me = subprocess.Popen(["convert", source, "out.png"])
    # ok: tainted-command
    subprocess.run(db.command(), shell=True)
    return await_me


def cli():
    target = sys.argv[1]
    # ruleid: tainted-command
    os.system("ping " + target)
    # ok: tainted-command
    os.system("echo " + sys.argv[0])
    answer = input("host? ")
    # ruleid: tainted-command
    subprocess.call(answer, shell=True)
    editor = os.environ.get("EDITOR", "vi")
    # ruleid: tainted-command
    os.execvp(editor, [editor, "notes.txt"])
    # ok: tainted-command
    os.execve("/bin/true", ["true"], os.environ)
    # ruleid: tainted-command
    subprocess.run(os.getenv("HOOK"), shell=True)


def loops():
    cmd = "true"
    for word in request.args.getlist("w"):
        cmd = cmd + " " + word
    # ruleid: tainted-command
    os.system(cmd)
    lines = [x.strip() for x in request.args.getlist("l")]
    # ruleid: tainted-command
    os.system(";".join(lines))
    # ok: tainted-command
    os.system(";".join(str(len(x)) for x in lines))


def early_return():
    mode = request.args.get("mode")
    if not mode.isalnum():
        return "bad mode", 400
    # ok: tainted-command
    os.system("run --mode " + mode)


def helper(arg):
    # todoruleid: tainted-command
    os.system("echo " + arg)


def caller():
    # Inter-procedural flows are not followed.
    helper(request.args["x"])


def not_a_request(request):
    # ok: tainted-command
    os.system("echo " + request.args["x"])


@app.route("/convert")
def convert_upload():
    name = request.args["name"]
    # fix: tainted-command
    subprocess.run(["convert", "--", name, "out.png"], check=True)
    # ruleid: tainted-command
    subprocess.run(["convert", name, "out.png"], check=True)
    # ruleid: tainted-command
    subprocess.run(["sh", "-c", "--", name], check=True)
    # ruleid: tainted-command
    subprocess.run(["ssh", "--", "backup-host", name], check=True)
    # ruleid: tainted-command
    subprocess.run([name, "--", "out.png"], check=True)
    # ok: tainted-command
    subprocess.run(["tar", "czf", "out.tgz", "--", name], check=True)
