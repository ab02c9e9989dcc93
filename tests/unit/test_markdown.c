/* test_markdown.c: what md_scan reads from a body (title, checklists, the
 * Brief section as written), safe HTML rendering, the page wrapper, and
 * pathological inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "formats/markdown.h"

static struct md_info scan(const char *body)
{
	struct md_info info = MD_INFO_INIT;

	md_scan(&info, body, strlen(body));
	return info;
}

static void assert_title(const char *body, const char *want)
{
	struct md_info info = scan(body);

	if (want)
		assert_string_equal(info.title, want);
	else
		assert_null(info.title);
	md_info_release(&info);
}

static void assert_checks(const char *body, int total, int done)
{
	struct md_info info = scan(body);

	assert_int_equal(info.checks_total, total);
	assert_int_equal(info.checks_done, done);
	md_info_release(&info);
}

static void assert_brief(const char *body, const char *want)
{
	struct md_info info = scan(body);

	if (want)
		assert_string_equal(info.brief, want);
	else
		assert_null(info.brief);
	md_info_release(&info);
}

static void test_title(void **state)
{
	(void)state;
	assert_title("# Clean the gutters\n\ntext\n", "Clean the gutters");
	assert_title("#   Spaced out   #\n", "Spaced out");
	assert_title("Setext title\n============\n", "Setext title");
	assert_title("Two line\nsetext title\n===\n", "Two line setext title");
	assert_title("# Fix *the* **`make`** [build](http://x)\n", "Fix the make build");
	assert_title("# With<br>html\n", "Withhtml");
	assert_title("# First\n\n# Second\n", "First");
	assert_title("intro\n\n## Sub\n\n# Real\n", "Real");
	assert_title("no heading at all\n", NULL);
	assert_title("", NULL);
	assert_title("## Only level two\n", NULL);
	assert_title("```\n# not a heading\n```\n\n# Heading\n", "Heading");
	assert_title("    # indented code\n", NULL);
	assert_title("#\n\n# Named\n", "Named");
	assert_title("#hashtag\n", NULL);
	assert_title("Setext two\n---\n", NULL);
}

static void test_checks(void **state)
{
	(void)state;
	assert_checks("- [ ] one\n- [x] two\n- [X] three\n- plain\n", 3, 2);
	assert_checks("* [ ] star\n+ [x] plus\n", 2, 1);
	assert_checks("1. [ ] first\n2. [x] second\n3) [ ] third\n", 3, 1);
	assert_checks("- [ ] parent\n  - [x] child\n    - [ ] grandchild\n  - no box\n", 3, 1);
	assert_checks("- [ ]\n- [x]\n", 2, 1);
	assert_checks("- [ ]\tafter a tab\n", 1, 0);
	assert_checks("- [ ]\n  continued\n", 1, 0);
	assert_checks("```\n- [ ] in code\n- [x] in code\n```\n", 0, 0);
	assert_checks("    - [ ] indented code\n", 0, 0);
	assert_checks("[ ] not in a list\n", 0, 0);
	assert_checks("- [] empty\n- [y] other\n- [ ]x no space\n- [  ] two spaces\n", 0, 0);
	assert_checks("- text [ ] later\n- **[x]** strong\n", 0, 0);
	assert_checks("> - [x] quoted\n> - [ ] quoted\n", 2, 1);
	assert_checks("- # heading [ ]\n", 0, 0);
	assert_checks("", 0, 0);
}

static void test_brief_checks(void **state)
{
	struct md_info info;

	(void)state;
	info = scan("# T\n- [x] before\n\n## Brief\n- [ ] a\n- [x] b\n  - [x] nested\n"
	            "### Sub\n- [ ] under sub\n\n## Notes\n- [ ] after\n- [x] after\n");
	assert_int_equal(info.checks_total, 7);
	assert_int_equal(info.checks_done, 4);
	assert_int_equal(info.brief_checks_total, 4);
	assert_int_equal(info.brief_checks_done, 2);
	md_info_release(&info);

	info = scan("- [ ] no brief\n");
	assert_int_equal(info.brief_checks_total, 0);
	assert_int_equal(info.brief_checks_done, 0);
	assert_null(info.brief);
	md_info_release(&info);
}

static void test_brief(void **state)
{
	(void)state;
	/* The example from DESIGN.md: the last section. */
	assert_brief("Leaves block the downspout every autumn.\n\n## Brief\n"
	             "- [ ] Clear front and back gutters\n- [ ] Flush the downspouts\n",
	             "- [ ] Clear front and back gutters\n- [ ] Flush the downspouts\n");
	assert_brief("# T\n\nno brief here\n\n## Notes\ntext\n", NULL);
	assert_brief("", NULL);
	/* Up to the next level-2 heading, blank lines trimmed, markup as written. */
	assert_brief("## Brief\n\n\nDo *this*   exactly\n\n1) one\n2) two\n\n\n## Next\nno\n",
	             "Do *this*   exactly\n\n1) one\n2) two\n");
	assert_brief("## Brief\nbody\n# Top\nno\n", "body\n");
	assert_brief("## Brief\nbody\n\nNext\n====\nno\n", "body\n");
	/* Without the blank line, "body" is part of that heading's text. */
	assert_brief("## Brief\nbody\nNext\n====\nno\n", "");
	/* A level-3 heading stays inside. */
	assert_brief("## Brief\nintro\n\n### Sub\ndetail\n\n#### Deeper\n\n## Other\n",
	             "intro\n\n### Sub\ndetail\n\n#### Deeper\n");
	/* Any case, trimmed, with markup, closing hashes, or setext. */
	assert_brief("## BRIEF\nx\n", "x\n");
	assert_brief("##   brief   ##\nx\n", "x\n");
	assert_brief("## *Brief*\nx\n", "x\n");
	assert_brief("Brief\n-----\nx\n\nSetext next\n---\ny\n", "x\n");
	assert_brief("  Brief\n  ---\n\n   x\n", "   x\n");
	/* Not a Brief: other level, other text, in a code block or a quote. */
	assert_brief("# Brief\nx\n", NULL);
	assert_brief("### Brief\nx\n", NULL);
	assert_brief("## Briefing\nx\n", NULL);
	assert_brief("```\n## Brief\nx\n```\n", NULL);
	assert_brief("> ## Brief\n> x\n", NULL);
	/* Empty. */
	assert_brief("## Brief\n", "");
	assert_brief("## Brief", "");
	assert_brief("## Brief\n\n  \n\t\n## Next\nx\n", "");
	/* The first one wins. */
	assert_brief("## Brief\none\n## Brief\ntwo\n", "one\n");
	/* No final line ending is kept as it is. */
	assert_brief("## Brief\nlast line", "last line");
	/* Link reference definitions are source too. */
	assert_brief("## Brief\n[site]: http://example.org\n\nSee [site].\n",
	             "[site]: http://example.org\n\nSee [site].\n");
	/* A fenced block containing what looks like a heading stays inside. */
	assert_brief("## Brief\n```\n## Not a heading\n```\nafter\n",
	             "```\n## Not a heading\n```\nafter\n");
}

static void test_brief_line_endings(void **state)
{
	struct md_info info;

	(void)state;
	info = scan("# Title\r\n\r\n## Brief\r\n\r\n- [ ] a\r\n- [x] b\r\n\r\n## Next\r\nz\r\n");
	assert_string_equal(info.title, "Title");
	assert_string_equal(info.brief, "- [ ] a\r\n- [x] b\r\n");
	assert_int_equal(info.brief_checks_total, 2);
	assert_int_equal(info.brief_checks_done, 1);
	md_info_release(&info);

	assert_brief("Brief\r\n---\r\nx\r\n", "x\r\n");
	/* A lone CR ends a line in CommonMark too. */
	assert_brief("## Brief\rone\rtwo\r## Next\rz", "one\rtwo\r");
	/* A BOM does not shift lines. */
	assert_brief("\xef\xbb\xbf# T\n## Brief\nx\n", "x\n");
}

static void test_scan_not_nul_terminated(void **state)
{
	/* Only len bytes are read. */
	const char body[] = "# Title\n## Brief\n- [x] a\nXXXX";
	struct md_info info = MD_INFO_INIT;

	(void)state;
	md_scan(&info, body, strlen(body) - 4);
	assert_string_equal(info.title, "Title");
	assert_string_equal(info.brief, "- [x] a\n");
	assert_int_equal(info.checks_done, 1);
	md_info_release(&info);

	md_scan(&info, NULL, 0);
	assert_null(info.title);
	assert_null(info.brief);
	md_info_release(&info);
	md_info_release(NULL);
}

static void test_to_html(void **state)
{
	struct md_info info;
	char *html;

	(void)state;
	info = scan("# T\n\n## Brief\n- [ ] Call [Ann](https://example.org/ann?a=1&b=2)\n"
	            "- [x] Pay *now*\n");
	html = md_to_html(info.brief, strlen(info.brief));
	assert_string_equal(html, "<ul>\n"
	                          "<li><input type=\"checkbox\" disabled=\"\" /> Call <a "
	                          "href=\"https://example.org/ann?a=1&amp;b=2\">Ann</a></li>\n"
	                          "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> Pay "
	                          "<em>now</em></li>\n"
	                          "</ul>\n");
	free(html);
	md_info_release(&info);

	html = md_to_html("", 0);
	assert_string_equal(html, "");
	free(html);
	html = md_to_html(NULL, 0);
	assert_string_equal(html, "");
	free(html);
	/* Only len bytes. */
	html = md_to_html("*a*b", 3);
	assert_string_equal(html, "<p><em>a</em></p>\n");
	free(html);
}

static void test_html_safe(void **state)
{
	const char *md = "Hi <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n\n"
	                 "<div onclick=\"x()\">block</div>\n\n"
	                 "[click](javascript:alert(3)) ![img](vbscript:x)\n";
	char *html;

	(void)state;
	html = md_to_html(md, strlen(md));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<div"));
	assert_null(strstr(html, "alert(1)</script>"));
	assert_null(strstr(html, "javascript:"));
	assert_null(strstr(html, "vbscript:"));
	assert_non_null(strstr(html, "raw HTML omitted"));
	free(html);
}

/* GitHub's extensions: tables, task lists, strikethrough, bare links; raw
 * HTML is still left out, inside a table cell too. */
static void test_html_gfm(void **state)
{
	const char *md = "| Item | Cost |\n| --- | ---: |\n| Ladder <b>x</b> | 20 |\n\n"
	                 "- [x] Done\n- [ ] To do\n\n"
	                 "~~old~~ and www.example.org or https://example.org/a?b=1\n";
	char *html;

	(void)state;
	html = md_to_html(md, strlen(md));
	assert_non_null(strstr(html, "<table>\n<thead>\n<tr>\n<th>Item</th>\n"));
	assert_non_null(strstr(html, "<th align=\"right\">Cost</th>"));
	assert_non_null(strstr(html, "<td>Ladder <!-- raw HTML omitted -->x"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(
	    strstr(html, "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> Done"));
	assert_non_null(strstr(html, "<li><input type=\"checkbox\" disabled=\"\" /> To do"));
	assert_non_null(strstr(html, "<del>old</del>"));
	assert_non_null(strstr(html, "<a href=\"http://www.example.org\">www.example.org</a>"));
	assert_non_null(strstr(html, "<a href=\"https://example.org/a?b=1\">"));
	free(html);
}

static void test_html_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	md_html_escape(&sb, "a & b < c > d \"e\" 'f' é");
	assert_string_equal(sb.buf, "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; é");
	strbuf_reset(&sb);
	md_html_escape(&sb, "");
	md_html_escape(&sb, NULL);
	assert_int_equal(sb.len, 0);
	md_html_escape(&sb, "&amp;");
	assert_string_equal(sb.buf, "&amp;amp;");
	strbuf_release(&sb);
}

static void test_html_page(void **state)
{
	char *page;
	const char *p;

	(void)state;
	page = md_html_page("Fix <b> & \"it\"</title><script>", "<p>body</p>\n");
	assert_true(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n", 40) == 0);
	assert_non_null(strstr(page, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(page, "<meta name=\"viewport\""));
	assert_non_null(
	    strstr(page, "<title>Fix &lt;b&gt; &amp; &quot;it&quot;&lt;/title&gt;&lt;script&gt;"
	                 "</title>"));
	assert_null(strstr(page, "<script"));
	assert_non_null(strstr(page, "<style>"));
	p = strstr(page, "<body>\n<p>body</p>\n</body>\n</html>\n");
	assert_non_null(p);
	assert_string_equal(p + strlen("<body>\n<p>body</p>\n</body>\n</html>\n"), "");
	/* The escaped title cannot close the element early. */
	assert_null(strstr(strstr(page, "</title>") + 1, "</title>"));
	free(page);

	page = md_html_page(NULL, NULL);
	assert_non_null(strstr(page, "<title>Untitled</title>"));
	assert_non_null(strstr(page, "<body>\n</body>\n</html>\n"));
	free(page);
}

static char *repeat(const char *unit, size_t n, const char *tail)
{
	size_t ulen = strlen(unit), tlen = strlen(tail);
	char *s = malloc(ulen * n + tlen + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * ulen, unit, ulen);
	memcpy(s + ulen * n, tail, tlen + 1);
	return s;
}

static void check_pathological(const char *body)
{
	struct md_info info = MD_INFO_INIT;
	char *html;

	md_scan(&info, body, strlen(body));
	md_info_release(&info);
	html = md_to_html(body, strlen(body));
	assert_non_null(html);
	free(html);
}

static void test_pathological(void **state)
{
	char *s;
	struct md_info info = MD_INFO_INIT;

	(void)state;
	s = repeat(">", 10000, " - [x] deep\n");
	check_pathological(s);
	md_scan(&info, s, strlen(s));
	assert_int_equal(info.checks_done, 1);
	md_info_release(&info);
	free(s);

	s = repeat("[", 100000, "\n");
	check_pathological(s);
	free(s);

	s = repeat("## Brief\n[", 20000, "a]\n");
	check_pathological(s);
	free(s);

	s = repeat("*a **a ", 20000, "\n");
	check_pathological(s);
	free(s);

	s = repeat("# *a **a ", 20000, "\n");
	check_pathological(s);
	free(s);

	s = repeat("- ", 10000, "[ ] deep list\n");
	check_pathological(s);
	free(s);

	s = repeat("\r", 10000, "## Brief\r\r");
	check_pathological(s);
	free(s);

	/* Embedded NUL bytes and invalid UTF-8. */
	{
		const char body[] = "# A\0B\n## Brief\n\xff\xfe\0x\n";
		char *html;

		md_scan(&info, body, sizeof(body) - 1);
		assert_non_null(info.title);
		assert_non_null(info.brief);
		md_info_release(&info);
		html = md_to_html(body, sizeof(body) - 1);
		free(html);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_brief_checks),
		cmocka_unit_test(test_brief),
		cmocka_unit_test(test_brief_line_endings),
		cmocka_unit_test(test_scan_not_nul_terminated),
		cmocka_unit_test(test_to_html),
		cmocka_unit_test(test_html_safe),
		cmocka_unit_test(test_html_gfm),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_page),
		cmocka_unit_test(test_pathological),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
