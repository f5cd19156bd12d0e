import os
import sqlite3
import sys
from sqlite3 import connect as open_db

import pandas as pd
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, request
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()
SORTABLE = ("name", "created")


@app.route("/users")
def users():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    # ruleid: tainted-sql
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    # ruleid: tainted-sql
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ruleid: tainted-sql
    conn.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: tainted-sql
    cur.execute("SELECT * FROM users WHERE name = '{}'".format(name))
    # ok: tainted-sql
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: tainted-sql
    cur.execute(
        "SELECT * FROM users WHERE name = :name",
        {"name": name},
    )
    # ok: tainted-sql
    cur.executemany("INSERT INTO log VALUES (?)", [(name,)])


@app.route("/sorted")
def sorted_users():
    column = request.args.get("sort", "name")
    if column not in SORTABLE:
        abort(400)
    db = open_db("app.db")
    # ok: tainted-sql
    db.execute(f"SELECT * FROM users ORDER BY {column}")
    limit = int(request.args.get("limit", "10"))
    # ok: tainted-sql
    db.execute("SELECT * FROM users LIMIT %d" % limit)
    page = request.args.get("page", 1, type=int)
    # ok: tainted-sql
    db.execute(f"SELECT * FROM users LIMIT 10 OFFSET {page * 10}")


@app.route("/search", methods=["POST"])
def search():
    terms = request.json["terms"]
    clauses = []
    for t in terms:
        clauses.append("body LIKE '%" + t + "%'")
    where = " OR ".join(clauses)
    query = "SELECT id FROM posts"
    query += " WHERE " + where
    db = sqlite3.connect("app.db")
    # ruleid: tainted-sql
    rows = db.execute(
        query
    ).fetchall()
    # ok: tainted-sql
    db.execute(query)  # nosec
    return {"rows": rows}


@app.route("/report")
def report():
    table = request.form["table"]
    table = "reports"
    # ok: tainted-sql
    return pd.read_sql(f"SELECT * FROM {table}", sqlite3.connect("app.db"))


def django_search(request):
    q = request.POST["q"]
    from django.db import connection

    with connection.cursor() as cursor:
        # ruleid: tainted-sql
        cursor.execute("SELECT * FROM app_item WHERE title LIKE '%%%s%%'" % q)
        # ok: tainted-sql
        cursor.execute("SELECT * FROM app_item WHERE title LIKE %s", ["%" + q + "%"])
    # ruleid: tainted-sql
    items = Item.objects.raw(f"SELECT * FROM app_item WHERE owner = '{request.user}' AND tag = '{q}'")
    return JsonResponse({"n": len(list(items))})


@api.get("/orders/{status}")
async def orders(status: str, session=None):
    # ruleid: tainted-sql
    result = await session.execute(text(f"SELECT * FROM orders WHERE status = '{status}'"))
    # ok: tainted-sql
    await session.execute(text("SELECT * FROM orders WHERE status = :s"), {"s": status})
    return result


@api.get("/order/{order_id}")
async def order(order_id: int, session=None):
    # ok: tainted-sql
    return await session.execute(text(f"SELECT * FROM orders WHERE id = {order_id}"))


def maintenance():
    table = sys.argv[1]
    db = sqlite3.connect(os.environ["DB_PATH"])
    # ruleid: tainted-sql
    db.executescript("DROP TABLE " + table)
    # ok: tainted-sql
    db.execute("VACUUM")


def run_query(db, sql):
    # todoruleid: tainted-sql
    return db.execute(sql)


def indirect():
    # The query is built here and run in another function: not followed.
    return run_query(sqlite3.connect("x.db"), "SELECT * FROM t WHERE a = '" + request.args["a"] + "'")


class Item:
    objects = None


@app.route("/advised")
def _advised_fix_tainted_sql():
    name = request.args["name"]
    # fix: tainted-sql
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))


# ORMs and drivers, from rules/models (sqlalchemy.yml, sql-drivers.yml, django.yml).
import asyncpg
import pymysql
from aiohttp import web
from django.db.models.expressions import RawSQL
from psycopg2 import sql as pgsql
from sqlalchemy import text
from tornado.web import RequestHandler


def orm_search(request):
    term = request.GET["q"]
    # ruleid: tainted-sql
    annotated = Book.objects.annotate(rank=RawSQL("SELECT rank FROM r WHERE t = '%s'" % term, ()))
    # ruleid: tainted-sql
    rows = Book.objects.raw(f"SELECT * FROM books WHERE title LIKE '%{term}%'")
    # ok: tainted-sql
    safe = Book.objects.raw("SELECT * FROM books WHERE title LIKE %s", [f"%{term}%"])
    return annotated, rows, safe


@app.route("/sa")
def sqlalchemy_search():
    name = request.args["name"]
    # ruleid: tainted-sql
    stmt = text(f"SELECT * FROM users WHERE name = '{name}'")
    # ok: tainted-sql
    bound = text("SELECT * FROM users WHERE name = :name").bindparams(name=name)
    return stmt, bound


async def aio_user(request: web.Request):
    uid = request.match_info["id"]
    conn = await asyncpg.connect(DSN)
    # ruleid: tainted-sql
    row = await conn.fetchrow("SELECT * FROM users WHERE id = " + uid)
    # ok: tainted-sql
    row2 = await conn.fetchrow("SELECT * FROM users WHERE id = $1", uid)
    return row, row2


class UserHandler(RequestHandler):
    def get(self, user_id):
        db = pymysql.connect(host="db")
        with db.cursor() as cur:
            # ruleid: tainted-sql
            cur.execute("SELECT * FROM users WHERE id = '%s'" % user_id)
            # ruleid: tainted-sql
            cur.execute("SELECT * FROM t WHERE c = '%s'" % self.get_argument("c"))


@app.route("/pg")
def psycopg_compose():
    col = request.args["col"]
    # ruleid: tainted-sql
    q = pgsql.SQL("SELECT " + col + " FROM t")
    # ok: tainted-sql
    q2 = pgsql.SQL("SELECT {} FROM t").format(pgsql.Identifier(col))
    return q, q2
