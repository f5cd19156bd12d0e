import sqlite3

import pandas as pd
from sqlalchemy import text

TABLE = "users"


def cases(conn: sqlite3.Connection, name, user_id, table, session):
    cur = conn.cursor()
    # ruleid: sql-execute-formatted
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: sql-execute-formatted
    cur.execute(f"DELETE FROM users WHERE id = {user_id}")
    query = "UPDATE users SET name = '{}' WHERE id = {}".format(name, user_id)
    # ruleid: sql-execute-formatted
    cur.execute(query)
    # ruleid: sql-execute-formatted
    conn.executemany(
        "INSERT INTO " + table + " VALUES (?, ?)",
        [(1, 2)],
    )
    # ruleid: sql-execute-formatted
    session.execute(text(f"SELECT * FROM {table}"))
    # ruleid: sql-execute-formatted
    pd.read_sql(f"SELECT * FROM {table}", conn)
    # ok: sql-execute-formatted
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: sql-execute-formatted
    cur.execute("SELECT * FROM %s" % TABLE)
    # ok: sql-execute-formatted
    cur.execute(f"SELECT * FROM {TABLE} WHERE id = ?", (user_id,))
    # ok: sql-execute-formatted
    session.execute(text("SELECT * FROM users WHERE id = :id"), {"id": user_id})
    # ok: sql-execute-formatted
    cur.execute(query)  # nosec B608
    # ok: sql-execute-formatted
    cur.execute(query)  # noqa: S608


def _advised_fix_sql_execute_formatted(cursor, name):
    # fix: sql-execute-formatted
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
