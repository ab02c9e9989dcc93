#!/bin/sh
# dlg brief --html renders GitHub-flavoured Markdown as people read it on
# GitHub: tables, task lists as checkboxes, strikethrough, bare links;
# raw HTML is still left out, and the Markdown output stays as written.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

write_file tasks/move.md <<'X'
---
title: Move the office
---
## Brief
| Room | Boxes | Note |
| --- | ---: | --- |
| Kitchen | 4 | fragile <b onclick="x()">glass</b> |
| Study | 12 | ~~books~~ records |

- [x] Book the van
- [ ] Label the boxes

Prices: https://example.org/quote?size=m&day=sat or www.example.org.
<script>alert(1)</script>
X

test_expect_success 'a table, with its header, alignment and cells' '
	dlg brief --html move >page.html &&
	html_check page.html table thead tbody tr th td \
		"th=Room" "td=Kitchen" "td=12" "del=books" &&
	test_grep "<th align=\"right\">Boxes</th>" page.html &&
	test_grep "<td align=\"right\">4</td>" page.html
'

test_expect_success 'a task list as checkboxes, ticked as written' '
	test_grep "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> Book the van</li>" page.html &&
	test_grep "<li><input type=\"checkbox\" disabled=\"\" /> Label the boxes</li>" page.html &&
	! grep -q "\[x\]" page.html
'

test_expect_success 'strikethrough and bare links' '
	test_grep "<del>books</del> records" page.html &&
	test_grep "<a href=\"https://example.org/quote?size=m&amp;day=sat\">" page.html &&
	test_grep "<a href=\"http://www.example.org\">www.example.org</a>" page.html
'

test_expect_success 'raw HTML is still left out, in a table cell too' '
	! grep -q "<script" page.html &&
	! grep -q "<b " page.html &&
	! grep -q "onclick" page.html &&
	test_grep "raw HTML omitted" page.html
'

test_expect_success 'the Markdown output is the section as written' '
	dlg brief move >out &&
	test_grep "^| Kitchen | 4 | fragile <b onclick=\"x()\">glass</b> |$" out &&
	test_grep "^- \[x\] Book the van$" out
'

test_done
