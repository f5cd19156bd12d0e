from airflow.operators.bash import BashOperator


def make_tasks(table, dag):
    # ruleid: airflow-bash-command-built
    export = BashOperator(task_id="export", bash_command=f"pg_dump -t {table} > /tmp/{table}.sql", dag=dag)
    # ruleid: airflow-bash-command-built
    fetch = BashOperator(task_id="fetch", bash_command="curl -o /data/in.csv {{ dag_run.conf['url'] }}", dag=dag)
    # ok: airflow-bash-command-built
    clean = BashOperator(task_id="clean", bash_command="rm -rf /tmp/staging/*", dag=dag)
    # ok: airflow-bash-command-built
    stamp = BashOperator(task_id="stamp", bash_command="echo {{ ds }}", dag=dag)
    return export, fetch, clean, stamp


def _advised_fix_airflow_bash_command_built(dag):
    # fix: airflow-bash-command-built
    return BashOperator(task_id="fetch", bash_command='curl -o /data/in.csv -- "$URL"', env={"URL": "{{ dag_run.conf['url'] }}"}, dag=dag)
