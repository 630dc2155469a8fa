"""Exit 0 when a PostgreSQL server answers at the URL given, 1 (with the reason) otherwise."""

import sys

import psycopg


def main(url: str) -> int:
    # Ask the maintenance database: the test run creates its own test_<name> database.
    maintenance_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(maintenance_url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable: {error}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
