#!/usr/bin/perl
# html-check.pl FILE [TAG | TAG=TEXT]...: FILE (UTF-8) is a well-formed HTML
# page: it starts with <!DOCTYPE html>, every tag opened is closed, in order
# (void elements such as meta, br, hr, img, input and link aside; no <x/> on
# others), no stray '<' and every '&' starts a known or numeric entity. Then
# each TAG must appear, and for each TAG=TEXT some text directly inside a
# TAG element (entities decoded) must contain TEXT. tests/lib.sh's html_check
# calls it.
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
