def withdraw(account, amount):
    # ruleid: assert-used -- Bandit B101
    assert amount > 0, "amount must be positive"
    # ruleid: assert-used -- Bandit B101
    assert account.owner is not None
    account.balance -= amount
    return account.balance
