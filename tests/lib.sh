# lib.sh: a small TAP test library for dlg's command-line tests, after git's
# t/test-lib.sh and mblaze's t/lib.sh. Source it, call test_expect_success
# (or test_expect_failure-free variants below), then test_done.
#
# Each test script runs in its own fresh temporary folder ($TRASH), with a
# fixed date (DLG_TODAY), a fixed git identity and no user or system git
# config, so nothing depends on the machine.

set -u
DLG_BUILD_DIR=${DLG_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TESTS_DIR=$DLG_BUILD_DIR/tests
DLG=$DLG_BUILD_DIR/dlg
[ -x "$DLG" ] || { echo "Bail out! $DLG not built (run make)"; exit 1; }
PATH=$DLG_BUILD_DIR:$PATH

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/dlg-test.XXXXXX")
trap 'cd /; rm -rf "$TRASH"' EXIT
HOME=$TRASH/home
mkdir -p "$HOME"
export HOME
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=$HOME/.gitconfig
export GIT_AUTHOR_NAME='Ada Lovelace' GIT_AUTHOR_EMAIL='ada@example.org'
export GIT_COMMITTER_NAME='Ada Lovelace' GIT_COMMITTER_EMAIL='ada@example.org'
export GIT_AUTHOR_DATE='2026-11-20T10:00:00+00:00' GIT_COMMITTER_DATE='2026-11-20T10:00:00+00:00'
export DLG_TODAY=2026-11-22
export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=
unset NO_COLOR EDITOR VISUAL COLUMNS
export DLG_LOCK_TIMEOUT=1
git config --global init.defaultBranch main
git config --global advice.detachedHead false
cd "$TRASH" || exit 1

test_count=0
test_failed=0

# test_expect_success 'description' 'commands'
test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/.out"
	fi
}

# test_skip 'description' 'reason': a TAP test skipped
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# have_tty: script(1) can give a command a pseudo-terminal here (a chroot
# without /dev/pts can't)
have_tty() {
	command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1
}

# test_cmp EXPECTED ACTUAL: a diff when they differ
test_cmp() {
	diff -u "$1" "$2"
}

# test_expect_code CODE command...: the command exits with CODE
test_expect_code() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "exit status $got, wanted $want: $*"
		return 1
	fi
	return 0
}

# test_grep PATTERN FILE: like grep, but shows the file when it fails
test_grep() {
	if ! grep -q -e "$1" "$2"; then
		echo "no match for '$1' in $2:"
		sed 's/^/| /' "$2"
		return 1
	fi
}

# test_must_fail command...: fails with a non-zero, non-crash exit status
test_must_fail() {
	"$@"
	code=$?
	if [ $code -eq 0 ]; then
		echo "succeeded unexpectedly: $*"
		return 1
	fi
	if [ $code -gt 128 ]; then
		echo "died of signal $((code - 128)): $*"
		return 1
	fi
	return 0
}

# new_repo DIR: an empty git repository with a dlg.ini copied from
# examples/ (or from $1's second argument), tasks/ and people/.
new_repo() {
	git init -q "$1" &&
	mkdir -p "$1/tasks" "$1/people" &&
	cp "${2:-$DLG_BUILD_DIR/examples/dlg.ini}" "$1/dlg.ini"
}

# write_file PATH: standard input to PATH, making folders
write_file() {
	mkdir -p "$(dirname "$1")" && cat >"$1"
}

# json_check FILE [CODE]: decode the JSON document in FILE with Perl's core
# JSON::PP and run the Perl CODE (or standard input, for a <<-\X heredoc) on
# it, under strict and fatal warnings; fails when FILE is not one JSON value
# or when CODE dies. CODE sees:
#   $d            the decoded document (null is undef, true/false are
#                 JSON::PP::Boolean objects); reading a key an object lacks
#                 dies rather than giving undef, and so does going through
#                 an element past an array's end ($d->[9]{id});
#                 exists() tells whether a key is there
#   ok(COND, X...)  dies, showing each X as JSON, unless COND is true
#   is(GOT, WANT)   dies unless GOT and WANT are deeply equal with the same
#                 JSON types: numbers compared as numbers (3 == 3.0), strings
#                 as strings ("3" is not 3), undef only equals null, true and
#                 false (the functions) only equal booleans; objects need the
#                 same keys, arrays the same length
#   keys_at(PATH)   the keys of the object at PATH, in the order the document
#                 writes them ("" is the top, "/0/fields" the "fields" object
#                 of the first element)
#   true, false     JSON::PP's booleans
# CODE may print; its output goes to standard output.
json_check() {
	_jc_code=${2-$(cat)}
	perl -e "$_json_check_pl
#line 1 \"json_check\"
$_jc_code
;1;" -- "$1" || return 1
}
_json_check_pl=$(cat <<'PERL'
use strict;
use utf8;
use warnings FATAL => 'all';
use JSON::PP ();
use Hash::Util ();
binmode STDOUT, ":encoding(UTF-8)";
binmode STDERR, ":encoding(UTF-8)";
our ($d, %_keys);
{
	my $file = $ARGV[0];
	open my $fh, '<:raw', $file or die "json_check: $file: $!\n";
	my $text = do { local $/; <$fh> };
	$d = eval { JSON::PP->new->utf8->allow_nonref->decode($text) };
	die "json_check: $file: not JSON: $@" if $@;
	utf8::decode($text);
	_walk(\$text, '');
	_lock($d);
}
# reading a key an object lacks dies, and so does making up array elements
sub _lock {
	my ($v) = @_;
	if (ref $v eq 'HASH') {
		_lock($_) for values %$v;
		Hash::Util::lock_keys(%$v);
	} elsif (ref $v eq 'ARRAY') {
		_lock($_) for @$v;
		Internals::SvREADONLY(@$v, 1);
	}
}
sub true() { JSON::PP::true() }
sub false() { JSON::PP::false() }
# the keys of each object, in order, by path; the text is valid JSON already
sub _walk {
	my ($t, $path) = @_;
	my $str = qr/"(?:[^"\\]|\\.)*"/s;
	$$t =~ /\G\s*/gc;
	if ($$t =~ /\G\{\s*/gc) {
		my @k;
		$_keys{$path} = \@k;
		return if $$t =~ /\G\}/gc;
		while (1) {
			$$t =~ /\G\s*($str)\s*:/gc or die "json_check: no key at " . pos($$t) . "\n";
			my $k = JSON::PP->new->allow_nonref->decode($1);
			push @k, $k;
			_walk($t, "$path/$k");
			$$t =~ /\G\s*([,}])/gc or die "json_check: bad object at " . pos($$t) . "\n";
			last if $1 eq '}';
		}
	} elsif ($$t =~ /\G\[\s*/gc) {
		return if $$t =~ /\G\]/gc;
		my $i = 0;
		while (1) {
			_walk($t, "$path/" . $i++);
			$$t =~ /\G\s*([,\]])/gc or die "json_check: bad array at " . pos($$t) . "\n";
			last if $1 eq ']';
		}
	} else {
		$$t =~ /\G(?:$str|[^\s,\]\}]+)/gc or die "json_check: bad value at " . pos($$t) . "\n";
	}
}
sub keys_at {
	my ($path) = @_;
	my $k = $_keys{$path} or die "json_check: no object at '$path'\n";
	return @$k;
}
sub _show {
	return JSON::PP->new->canonical->allow_nonref->allow_blessed->convert_blessed->encode($_[0]);
}
sub _where {
	my @c = caller(1);
	return "$c[1]:$c[2]";
}
sub _kind {
	my ($v) = @_;
	return 'null' unless defined $v;
	return 'boolean' if JSON::PP::is_bool($v);
	return 'object' if ref $v eq 'HASH';
	return 'array' if ref $v eq 'ARRAY';
	die "json_check: cannot compare a " . ref($v) . "\n" if ref $v;
	if (defined &builtin::created_as_number) {
		no warnings;
		return builtin::created_as_number($v) ? 'number' : 'string';
	}
	require B;
	my $f = B::svref_2object(\$v)->FLAGS;
	return ($f & (B::SVp_IOK() | B::SVp_NOK())) && !($f & B::SVp_POK()) ? 'number' : 'string';
}
sub _a { return ($_[0] =~ /^[aeiou]/ ? 'an ' : 'a ') . $_[0] }
# where GOT and WANT differ, or undef
sub _diff {
	my ($g, $w, $at) = @_;
	my ($kg, $kw) = (_kind($g), _kind($w));
	return "$at: " . _a($kg) . ", wanted " . _a($kw) if $kg ne $kw;
	if ($kg eq 'number') {
		return $g == $w ? undef : "$at: $g, wanted $w";
	} elsif ($kg eq 'string') {
		return $g eq $w ? undef : "$at: " . _show($g) . ", wanted " . _show($w);
	} elsif ($kg eq 'boolean') {
		return !$g == !$w ? undef : "$at: " . _show($g) . ", wanted " . _show($w);
	} elsif ($kg eq 'array') {
		return "$at: " . @$g . " element(s), wanted " . @$w if @$g != @$w;
		for my $i (0 .. $#$g) {
			my $e = _diff($g->[$i], $w->[$i], "$at/$i");
			return $e if defined $e;
		}
	} elsif ($kg eq 'object') {
		my $gk = join ',', sort keys %$g;
		my $wk = join ',', sort keys %$w;
		return "$at: keys $gk, wanted $wk" if $gk ne $wk;
		for my $k (sort keys %$g) {
			my $e = _diff($g->{$k}, $w->{$k}, "$at/$k");
			return $e if defined $e;
		}
	}
	return undef;
}
sub is {
	my ($g, $w) = @_;
	my $e = _diff($g, $w, '');
	return 1 unless defined $e;
	$e = "/$e" if $e =~ /^:/;
	die _where() . ": not the same at $e\n  got:    " . _show($g) . "\n  wanted: " . _show($w) . "\n";
}
sub ok {
	my ($cond, @show) = @_;
	return 1 if $cond;
	die _where() . ": check failed\n" . join('', map { "  " . _show($_) . "\n" } @show);
}
PERL
)

# html_check FILE [TAG | TAG=TEXT]...: FILE (UTF-8) is a well-formed HTML
# page: it starts with <!DOCTYPE html>, every tag opened is closed, in order
# (void elements such as meta, br, hr, img, input and link aside; no <x/> on
# others), no stray '<' and every '&' starts a known or numeric entity. Then
# each TAG must appear, and for each TAG=TEXT some text directly inside a
# TAG element (entities decoded) must contain TEXT.
html_check() {
	perl -e "$_html_check_pl" -- "$@" || return 1
}
_html_check_pl=$(cat <<'PERL'
use strict;
use warnings FATAL => 'all';
binmode STDERR, ":encoding(UTF-8)";
my $file = shift @ARGV;
open my $fh, '<:raw', $file or die "html_check: $file: $!\n";
my $s = do { local $/; <$fh> };
utf8::decode($s) or die "html_check: $file: not UTF-8\n";
my %void = map { $_ => 1 } qw(area base br col embed hr img input link meta source track wbr);
my %ent = (amp => '&', lt => '<', gt => '>', quot => '"', apos => "'", nbsp => "\x{a0}");
my (@stack, %seen, %text);
my $bad = sub {
	my $line = 1 + (substr($s, 0, pos($s) // 0) =~ tr/\n//);
	die "html_check: $file:$line: $_[0]\n";
};
my $decode = sub {
	my ($t) = @_;
	$bad->("'&' that starts no entity") if $t =~ /&(?!(?:[a-zA-Z]+|#[0-9]+|#[xX][0-9a-fA-F]+);)/;
	$t =~ s{&(?:([a-zA-Z]+)|#([0-9]+)|#[xX]([0-9a-fA-F]+));}{
		defined $1 ? ($ent{$1} // $bad->("unknown entity &$1;"))
		: chr(defined $2 ? $2 : hex $3)
	}ge;
	return $t;
};
$s =~ /\G<!DOCTYPE html>/gci or $bad->("does not start with <!DOCTYPE html>");
my $attr = qr/\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/;
while (pos($s) < length $s) {
	if ($s =~ /\G<!--.*?-->/gcs) {
		next;
	}
	if ($s =~ /\G<([a-zA-Z][a-zA-Z0-9-]*)((?:$attr)*)\s*(\/?)>/gc) {
		my ($tag, $attrs, $slash) = (lc $1, $2, $3);
		$seen{$tag} = 1;
		$decode->($_) for grep { defined } $attrs =~ /"([^"]*)"|'([^']*)'/g;
		next if $void{$tag};
		$bad->("<$tag/> does not close a <$tag>") if $slash;
		push @stack, $tag;
		if ($tag eq 'script' || $tag eq 'style') {
			$s =~ /\G(.*?)(?=<\/$tag\s*>)/gcis or $bad->("<$tag> never closed");
			push @{$text{$tag}}, $1;
		}
		next;
	}
	if ($s =~ /\G<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/gc) {
		my $tag = lc $1;
		$bad->("</$tag> closes nothing") unless @stack;
		$bad->("</$tag> while <$stack[-1]> is open") if $stack[-1] ne $tag;
		pop @stack;
		next;
	}
	if ($s =~ /\G([^<]+)/gc) {
		my $t = $decode->($1);
		push @{$text{$stack[-1]}}, $t if @stack;
		next;
	}
	$bad->("stray '<'");
}
die "html_check: $file: never closed: " . join(' ', map { "<$_>" } @stack) . "\n" if @stack;
my $fail = 0;
for my $want (@ARGV) {
	my ($tag, $t) = split /=/, $want, 2;
	utf8::decode($t) if defined $t;
	if (!defined $t || $t eq '') {
		next if $seen{$tag};
		print STDERR "html_check: $file: no <$tag>\n";
	} else {
		next if grep { index($_, $t) >= 0 } @{$text{$tag} // []};
		print STDERR "html_check: $file: no <$tag> with '$want'; its text:\n";
		print STDERR map { "  [$_]\n" } @{$text{$tag} // []};
	}
	$fail = 1;
}
exit $fail;
PERL
)

test_done() {
	echo "1..$test_count"
	if [ $test_failed -gt 0 ]; then
		echo "# failed $test_failed among $test_count test(s)"
		exit 1
	fi
	exit 0
}
