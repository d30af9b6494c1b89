/* app.db for zufang-admin's domain commands (admin_db.h). */
#include <stdio.h>

#include "admin_db.h"
#include "app.h"
#include "schema.h"

int
admin_app_connect(void)
{
	app.db = app_db_new(schema_sql, Q__MAX, 10, 0);
	if (db_connect(app.db) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot connect\n");
		db_free(app.db);
		app.db = NULL;
		return -1;
	}
	return 0;
}

void
admin_app_close(void)
{
	db_free(app.db);
	app.db = NULL;
}
