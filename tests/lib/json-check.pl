#!/usr/bin/perl
# json-check.pl FILE CODE: decode the JSON document in FILE with Perl's core
# JSON::PP and run the Perl CODE on it, under strict and fatal warnings; fails
# when FILE is not one JSON value or when CODE dies. tests/lib.sh's json_check
# calls it. CODE sees:
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
# CODE may print; its output goes to standard output. Its errors name it
# json_check, with its own line numbers.
use strict;
use utf8;
use warnings FATAL => 'all';
use JSON::PP ();
use Hash::Util ();
binmode STDOUT, ":encoding(UTF-8)";
binmode STDERR, ":encoding(UTF-8)";
our ($d, %_keys);
# CODE is compiled here, in the scope of the pragmas above and before any
# lexical of this file, so it sees only its own; as source it is UTF-8, as
# under 'use utf8'
sub _run {
	return eval "#line 1 \"json_check\"\n$_[0]\n;1;";
}
die "usage: json-check.pl FILE CODE\n" unless @ARGV == 2;
my $code = pop @ARGV;
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
utf8::decode($code);
_run($code) or die $@;
