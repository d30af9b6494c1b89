/* Buildings and their rooms (rental.md 3, migrations 0013, 0015): a
 * landlord's buildings, the rooms generated in them from templates, the
 * rooms' states (0 vacant, 1 published, 2 rented) and their public view.
 * Every function of a landlord acts only on uid's own buildings and rooms:
 * another landlord's is ST_NOT_FOUND, as an unknown one.  Money in fen. */
#ifndef ZF_BUILDINGS_H
#define ZF_BUILDINGS_H

#include "app.h"

/* The five configuration flags of a room or template, in this order. */
#define BLD_FLAGS 5
extern const char *const buildings_flag_names[BLD_FLAGS];

/* Floors, rooms a floor, unit types; rooms a building holds at most
 * (generated or added: layers x rooms a floor at most). */
#define BLD_LAYERS_MAX    60
#define BLD_PER_FLOOR_MAX 50
#define BLD_UNIT_MAX      9
#define BLD_ROOMS_MAX     3000

/* Columns of a building row (BLD_COLS). */
enum {
	BD_ID,
	BD_LANDLORD,
	BD_NAME,
	BD_LAYERS,
	BD_PER_FLOOR,
	BD_NET,
	BD_ELECTRICITY,
	BD_WATER,
	BD_TEMPLATES, /* buildings_templates() reads it */
	BD_ROOMS
};

/* Columns of a room row (ROOM_COLS); rooms_show adds RS_*. */
enum {
	RM_ID,
	RM_BUILDING,
	RM_NAME,
	RM_TYPE,
	RM_STATUS,
	RM_FLAG0, /* BLD_FLAGS columns, as buildings_flag_names */
	RM_CLEAR = RM_FLAG0 + BLD_FLAGS,
	RM_RENT,
	RM_NET,
	RM_ELECTRICITY,
	RM_WATER,
	RM_VIEWS,
	RM__COLS
};
enum {
	RS_BUILD_NAME = RM__COLS,
	RS_NET,
	RS_ELECTRICITY,
	RS_WATER,
	RS_LANDLORD,
	RS_NICK,   /* NULL when none */
	RS_PHONE,  /* NULL when none */
	RS_TENANT, /* of the live contract; NULL when none */
};

enum { ROOM_VACANT, ROOM_PUBLISHED, ROOM_RENTED };

/* A room template of a building (its houseType). */
struct bld_tpl {
	int unit_type;
	int flags[BLD_FLAGS];
	long long clear, rent;
};

/* A building to create or change: layers and per_floor 0 on a change
 * mean "not given" (they cannot change). */
struct bld_in {
	const char *name;
	int layers, per_floor;
	long long net, electricity, water;
	const struct bld_tpl *tpl;
	size_t ntpl;
};

/* A room to add or change: net, electricity, water -1 mean the building's
 * (added) or the room's own (changed). */
struct room_in {
	const char *name;
	int unit_type;
	int flags[BLD_FLAGS];
	long long clear, rent, net, electricity, water;
};

/* Create building in of uid with its layers x per_floor rooms in one
 * transaction: room n (1..per_floor) of floor f (1..layers) is named
 * "<f><n as two digits>房", takes template tpl[min(f, ntpl) - 1] (type,
 * flags, clear, rent) and the building's prices, status 0.  ST_OK with
 * the building (BD_*) in *row (free it); ST_PARAM ntpl is 0 or more
 * than layers; ST_EXISTS uid has a building of that name; ST_DB. */
enum status buildings_create(long long uid, const struct bld_in *in,
                             struct db_res **row);

/* Building id of uid: ST_OK with the row (BD_*) in *row; ST_NOT_FOUND. */
enum status buildings_get(long long uid, long long id, struct db_res **row);

/* uid's buildings by name: size from offset (BD_* rows) and their count. */
enum status buildings_page(long long uid, long long offset, long long size,
                           struct db_res **rows, long long *count);

/* Change building id of uid: its name, its three prices (on every room
 * too) and its templates.  ST_OK with the new row in *row; ST_NOT_FOUND;
 * ST_CONFLICT in->layers or in->per_floor given and not the building's;
 * ST_PARAM more templates than floors (or none); ST_EXISTS the name is
 * another building's of uid. */
enum status buildings_update(long long uid, long long id,
                             const struct bld_in *in, struct db_res **row);

/* The templates of a building row's BD_TEMPLATES text, in arena a: 0 with
 * *out and *n, -1 when the text is not what buildings_create wrote. */
int buildings_templates(struct arena *a, const char *text, struct bld_tpl **out,
                        size_t *n);

/* Every room of building of uid by name (at most BLD_ROOMS_MAX, RM_*). */
enum status rooms_all(long long uid, long long building, struct db_res **rows);

/* A page of the rooms of building of uid by name: unit type type (0 any),
 * status state (-1 any); size from offset and the count of the filter.
 * ST_NOT_FOUND for a building not uid's. */
enum status rooms_page(long long uid, long long building, int type, int state,
                       long long offset, long long size, struct db_res **rows,
                       long long *count);

/* Room id of uid to status to: 0 -> 1 publishes, 1 -> 0 withdraws, the
 * same status changes nothing, 2 -> 1 ends its live contract (state 2,
 * end date today in China) and offers the room again (1).  ST_OK with the
 * room (RM_*) in *row; ST_NOT_FOUND; ST_CONFLICT any other change (to 2:
 * only a signed contract rents a room), *from the room's status. */
enum status rooms_set_status(long long uid, long long id, int to, int *from,
                             struct db_res **row);

/* Change room id of uid (a live contract keeps its snapshot).  ST_OK;
 * ST_NOT_FOUND; ST_EXISTS the name is another room's of its building. */
enum status rooms_update(long long uid, long long id, const struct room_in *in);

/* Add a room (status 0) to building of uid.  ST_OK with the room in *row;
 * ST_NOT_FOUND; ST_EXISTS the name is taken in the building; ST_CONFLICT
 * the building holds BLD_ROOMS_MAX rooms. */
enum status rooms_create(long long uid, long long building,
                         const struct room_in *in, struct db_res **row);

/* Room id as uid (0: nobody logged in) may see it: a published room to
 * anyone, any room to its landlord and to its live contract's tenant.
 * ST_OK with the row (RM_*, RS_*) in *row and the view counted (the row's
 * RM_VIEWS is the count before it); ST_NOT_FOUND otherwise. */
enum status rooms_show(long long uid, long long id, struct db_res **row);

/* Published rooms of every building, newest first, of unit type type (0
 * any): size from offset and their count. */
enum status rooms_public(int type, long long offset, long long size,
                         struct db_res **rows, long long *count);

#endif
