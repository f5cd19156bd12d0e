def transfer(user, amount):
    # ruleid: assert-used
    assert user.is_admin, "admin only"
    # ruleid: assert-used
    assert (
        amount > 0
    )
    # ok: assert-used
    assert amount < 10**9  # nosec B101
    # ok: assert-used
    assert amount != 3  # noqa: S101
    # ok: assert-used
    if not user.is_admin:
        raise PermissionError("admin only")


def _advised_fix_assert_used(user):
    # fix: assert-used
    if not user.is_admin: raise PermissionError("admin only")
