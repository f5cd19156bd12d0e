import os
import stat

# ruleid: chmod-permissive -- Bandit B103
os.chmod("/srv/app/run.sh", 0o777)
# ruleid: chmod-permissive -- Bandit B103
os.chmod("/srv/app/bin/tool", 0o755)
# ruleid: chmod-permissive -- Bandit B103
os.chmod("/srv/app/shared", 0o770)
os.chmod("/srv/app/data.db", stat.S_IRWXU | stat.S_IWOTH)
# ruleid: chmod-permissive -- Bandit B103
os.chmod("/srv/app/helper", 0o4755)
os.chmod("/srv/app/config.ini", 0o600)
