import jinja2
from django.shortcuts import render
from flask import Flask, render_template

app = Flask(__name__)
SECRET_KEY = "k"
env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=True)


@app.route("/profile/<name>")
def profile(name):
    posts = ["a", "b"]
    # ruleid: template-globals
    return render_template("profile.html", **locals())


@app.route("/about")
def about():
    # ruleid: template-globals
    return render_template("about.html", **globals())


def django_profile(request, name):
    user = name
    # ruleid: template-globals
    return render(request, "profile.html", locals())


def django_profile_fixed(request, name):
    user = name
    # fix: template-globals
    return render(request, "profile.html", {"user": user})


def jinja_page(title):
    # ruleid: template-globals
    return env.get_template("page.html").render(globals())


def debug_dump():
    # ok: template-globals
    print(sorted(globals()))
    # ok: template-globals
    return render_template("vars.html", names=sorted(locals()))
