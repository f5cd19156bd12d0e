def queries(cursor, name, table, limit):
    # ruleid: sql-execute-formatted -- Bandit B608
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: sql-execute-formatted -- Bandit B608
    cursor.execute("DELETE FROM %s WHERE id = 1" % table)
    # ruleid: sql-formatted-string -- Bandit B608
    query = "SELECT id FROM items LIMIT {}".format(limit)
    # ruleid: sql-execute-formatted -- Bandit B608
    cursor.execute(f"UPDATE accounts SET active = 0 WHERE name = '{name}'")
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    return query
