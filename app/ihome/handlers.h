/* iHome handlers and their parameter tables (each ends with an entry whose
 * name is NULL), for the route table. */
#ifndef ZF_IHOME_HANDLERS_H
#define ZF_IHOME_HANDLERS_H

#include "route.h"

#define HANDLER(name)                                                          \
	enum status name(struct req *, struct resp *);                         \
	extern const struct pspec name##_params[]

HANDLER(h_ihome_session_get);

#undef HANDLER

#endif
