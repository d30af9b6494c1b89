/* The validators' rules in Chinese, for the surfaces whose documents are
 * Chinese (the directory, rental). */
#include <stdio.h>
#include <string.h>

#include "zh.h"

/* "image/jpeg, image/png or image/webp" (n bytes) as the types a file
 * part takes. */
static void
zh_types(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	buf_adds(out, "只接受这些类型的文件：");
	while (i < n) {
		if (n - i >= 2 && memcmp(s + i, ", ", 2) == 0) {
			buf_adds(out, "、");
			i += 2;
		} else if (n - i >= 4 && memcmp(s + i, " or ", 4) == 0) {
			buf_adds(out, "、");
			i += 4;
		} else {
			buf_addc(out, s[i++]);
		}
	}
	buf_adds(out, "。");
}

/* DRF's wording where it has one; a rule not in the table is shown as it
 * is. */
void
zh_rule(const char *rule, struct buf *out)
{
	char lo[32], hi[32];
	long long a, b;
	size_t k;
	int n = 0;

	if (strcmp(rule, "required") == 0)
		buf_adds(out, "该字段是必填项。");
	else if (strcmp(rule, "given more than once") == 0)
		buf_adds(out, "该字段只能给出一次。");
	else if (sscanf(rule, "must be an integer between %lld and %lld%n",
	                &a, &b, &n) == 2 &&
	         rule[n] == '\0')
		buf_addf(out, "请填写 %lld 到 %lld 之间的合法整数值。", a, b);
	else if (sscanf(rule, "must be %lld to %lld characters%n", &a, &b,
	                &n) == 2 &&
	         rule[n] == '\0')
		buf_addf(out, "确保该字段有 %lld 到 %lld 个字符。", a, b);
	else if (sscanf(rule, "must be %lld characters%n", &a, &n) == 1 &&
	         rule[n] == '\0')
		buf_addf(out, "确保该字段有 %lld 个字符。", a);
	else if (sscanf(rule, "must have %lld to %lld items%n", &a, &b, &n) ==
	                 2 &&
	         rule[n] == '\0')
		buf_addf(out, "确保列表有 %lld 到 %lld 项。", a, b);
	else if (sscanf(rule, "must have %lld items%n", &a, &n) == 1 &&
	         rule[n] == '\0')
		buf_addf(out, "确保列表有 %lld 项。", a);
	else if (strcmp(rule, "must be true or false") == 0 ||
	         strcmp(rule, "must be 0 or 1") == 0)
		buf_adds(out, "必须是有效的布尔值。");
	else if (sscanf(rule, "must be a number between %31s and %31s%n", lo,
	                hi, &n) == 2 &&
	         rule[n] == '\0')
		buf_addf(out, "请填写 %s 到 %s 之间的合法数字。", lo, hi);
	else if (strcmp(rule, "must be a whole number") == 0)
		buf_adds(out, "请填写合法的整数值。");
	else if (strncmp(rule, "must be a number", 16) == 0)
		buf_adds(out, "请填写合法的数字。");
	else if (sscanf(rule, "must have at most %lld decimal places%n", &a,
	                &n) == 1 &&
	         rule[n] == '\0')
		buf_addf(out, "确保小数不超过 %lld 位。", a);
	else if (strncmp(rule, "must be a string", 16) == 0)
		buf_adds(out, "请填写合法的字符串。");
	else if (strcmp(rule, "must be an array") == 0)
		buf_adds(out, "请填写一个列表。");
	else if (strcmp(rule, "items must be distinct") == 0)
		buf_adds(out, "列表中的项不能重复。");
	else if (strcmp(rule, "must be an object") == 0)
		buf_adds(out, "请填写一个对象。");
	else if (strcmp(rule, "must be valid UTF-8 text") == 0 ||
	         strcmp(rule, "not UTF-8 text") == 0)
		buf_adds(out, "请填写合法的 UTF-8 文本。");
	else if (strcmp(rule, "must not contain control characters") == 0 ||
	         strcmp(rule, "must not contain NUL bytes") == 0)
		buf_adds(out, "不能包含控制字符。");
	else if (strncmp(rule, "must be one of: ", 16) == 0)
		buf_addf(out, "不是合法选项（可选：%s）。", rule + 16);
	else if (strcmp(rule, "must be a value, not a file") == 0)
		buf_adds(out, "请填写一个值，而不是文件。");
	else if (strcmp(rule, "must be a file (multipart/form-data)") == 0)
		buf_adds(out, "请上传一个文件（multipart/form-data）。");
	else if (strcmp(rule, "empty file") == 0)
		buf_adds(out, "上传的文件为空。");
	else if (strncmp(rule, "larger than ", 12) == 0)
		buf_addf(out, "文件不能大于 %s。", rule + 12);
	else if (strcmp(rule, "no file expected here") == 0)
		buf_adds(out, "这里不接受文件。");
	else if ((k = strlen(rule)) > 5 &&
	         strcmp(rule + k - 5, " only") == 0)
		zh_types(rule, k - 5, out);
	else if (sscanf(rule, "at most %lld files%n", &a, &n) == 1 &&
	         rule[n] == '\0')
		buf_addf(out, "最多上传 %lld 个文件。", a);
	else
		buf_adds(out, rule);
}

void
zh_failures(const char *msg, struct buf *out)
{
	const char *p = msg, *end, *colon;
	size_t n;
	char rule[1024];

	while (*p != '\0') {
		end = strstr(p, "; ");
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		colon = memchr(p, ':', n);
		if (out->len > 0)
			buf_adds(out, "；");
		/* The validators' rules are English, lower case first; a
		 * handler's own (Chinese) message stays as written. */
		if (colon != NULL && colon + 2 < p + n && colon[1] == ' ' &&
		    colon[2] >= 'a' && colon[2] <= 'z') {
			buf_add(out, p, (size_t)(colon - p));
			buf_adds(out, "：");
			snprintf(rule, sizeof(rule), "%.*s",
			         (int)(n - (size_t)(colon + 2 - p)), colon + 2);
			zh_rule(rule, out);
		} else {
			buf_add(out, p, n);
		}
		p += n;
		if (end != NULL)
			p += 2;
	}
}
