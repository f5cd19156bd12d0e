import logging

log = logging.getLogger(__name__)
TABLE = "users"
_ORDERING = "ORDER BY id"
# ok: sql-formatted-string
BY_ID = "SELECT * FROM records WHERE id = ? %s" % _ORDERING
# ok: sql-formatted-string
ALL = "SELECT * FROM {}".format(TABLE)
# ok: sql-formatted-string
RECENT = f"SELECT * FROM {TABLE} ORDER BY id DESC"


def build(name, table, user_id, where, cursor, run_query):
    # ruleid: sql-formatted-string
    query = f"SELECT * FROM users WHERE name = '{name}'"
    # ruleid: sql-formatted-string
    sql = "DELETE FROM %s WHERE id = %d" % (table, user_id)
    # ruleid: sql-formatted-string
    stmt = "UPDATE {} SET active = 0".format(table)
    # ruleid: sql-formatted-string
    q = "SELECT id FROM " + table + " WHERE " + where
    # ruleid: sql-formatted-string
    run_query(f"insert into {table} values (1)")
    # ruleid: sql-formatted-string
    run_query(sql="select * from %s" % table)
    # ok: sql-formatted-string
    cursor.execute(f"SELECT * FROM {table}")
    # ok: sql-formatted-string
    log.debug("SELECT * FROM %s" % table)
    # ok: sql-formatted-string
    message = f"Please select a value from {name}"
    # ok: sql-formatted-string
    fixed = "SELECT * FROM users WHERE id = ?"
    # ok: sql-formatted-string
    hint = "update {} settings".format(name)
    # ok: sql-formatted-string
    legacy = f"SELECT * FROM {table}"  # nosec B608
    # ok: sql-formatted-string
    legacy2 = f"SELECT * FROM {table}"  # noqa: S608
    return query, sql, stmt, q, message, fixed, hint, legacy, legacy2


def returned(table):
    # ruleid: sql-formatted-string
    return f"""
        SELECT *
        FROM {table}
    """


def _advised_fix_sql_formatted_string(cursor, name):
    # fix: sql-formatted-string
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
