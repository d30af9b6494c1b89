/* The validators' rules (lib/valid.c, lib/jschema.c, lib/route.c: "must
 * be an integer between 1 and 5") in Chinese, for the surfaces whose
 * documents are Chinese. */
#ifndef ZF_ZH_H
#define ZF_ZH_H

#include "buf.h"

/* Append rule in Chinese to out. */
void zh_rule(const char *rule, struct buf *out);

/* Append the validators' joined failures ("title: required; layer: must
 * be ...") to out as "title：该字段是必填项。；layer：..."; a failure whose
 * rule is not English (a handler's own) and a "..." mark stay as they
 * are. */
void zh_failures(const char *msg, struct buf *out);

#endif
