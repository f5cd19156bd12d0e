from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from flask import Flask
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


# ruleid: csrf-exempt
@csrf_exempt
def transfer(request):
    return HttpResponse("done")


# fix: csrf-exempt
@csrf_protect
def transfer_protected(request):
    return HttpResponse("done")


@app.route("/hook", methods=["POST"])
# ruleid: csrf-exempt
@csrf.exempt
def hook():
    return "ok"


def other(request):
    return HttpResponse("x")


urlpatterns = [
    # ruleid: csrf-exempt
    path("other/", csrf_exempt(other)),
    # ok: csrf-exempt
    path("safe/", other),
]
