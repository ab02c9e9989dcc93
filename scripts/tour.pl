#!/usr/bin/perl
# tour.pl --check|--update README.md: run the README's tour as a stranger
# would, and compare what each command prints with what the README shows.
#
# The tour is the part of README.md between the lines "<!-- tour -->" and
# "<!-- end of tour -->". In its ``` blocks, a line "$ COMMAND" is a command
# (a here-document's lines, up to its end word, belong to it), and the lines
# after it, up to the next command or the end of the block, are what it
# prints, standard output and standard error together. A line "..." stands
# for any number of lines. The commands run one after the other in one sh,
# in a fresh folder, with HOME a fresh folder too, a fixed identity and
# dates, no git configuration, and dlg the first on PATH. What differs from
# one run or one person to the next is not compared: commit ids (any word of
# 7 to 40 hex digits with a digit in it) and the home folder, shown as
# /home/you.
#
# --check exits 1 and shows how they differ when any output differs.
# --update rewrites the output of each command that differs with what it
# printed now, and leaves the others (their "..." lines too) as they are.
use strict;
use warnings;
use File::Spec;
use File::Temp qw(tempdir);

my ($mode, $readme) = @ARGV;
die "usage: tour.pl --check|--update README.md\n"
    unless defined $readme && $mode =~ /^--(check|update)$/;
$readme = File::Spec->rel2abs($readme);

open(my $fh, '<:raw', $readme) or die "tour.pl: cannot read $readme: $!\n";
my @lines = <$fh>;
close $fh;
chomp @lines;

# The commands: their lines, and where their shown output is in @lines.
my @cmds;
my ($in_tour, $in_block, $cur) = (0, 0, undef);
for (my $i = 0; $i < @lines; $i++) {
	my $l = $lines[$i];
	if ($l eq '<!-- tour -->') { $in_tour = 1; next; }
	if ($l eq '<!-- end of tour -->') { $in_tour = 0; next; }
	next unless $in_tour;
	if ($l =~ /^```/) {
		$in_block = !$in_block;
		$cur = undef;
		next;
	}
	next unless $in_block;
	if ($l =~ /^\$ (.*)$/) {
		my @text = ($1);
		if ($1 =~ /<<-?\s*['"]?(\w+)['"]?/) {
			my $end = $1;
			while (++$i < @lines) {
				push @text, $lines[$i];
				last if $lines[$i] eq $end;
			}
		}
		$cur = { text => \@text, from => $i + 1, to => $i + 1 };
		push @cmds, $cur;
	} elsif ($cur) {
		$cur->{to} = $i + 1;
	}
}
die "tour.pl: no tour in $readme (<!-- tour --> ... <!-- end of tour -->)\n" unless @cmds;

# Run them all in one shell, each output after a marker line.
my $tmp = tempdir('dlg-tour.XXXXXX', TMPDIR => 1, CLEANUP => 1);
mkdir "$tmp/home" or die "tour.pl: $!\n";
mkdir "$tmp/run" or die "tour.pl: $!\n";
my $script = '';
for my $n (0 .. $#cmds) {
	$script .= "printf '\\n\@\@\@tour $n\@\@\@\\n'\n{ " . join("\n", @{ $cmds[$n]{text} }) . "\n} 2>&1\n";
}
delete @ENV{qw(GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CEILING_DIRECTORIES EMAIL
    EDITOR VISUAL COLUMNS NO_COLOR DLG_FAULT DLG_FAULT_RUN CDPATH)};
%ENV = (%ENV,
	HOME => "$tmp/home", GIT_CONFIG_NOSYSTEM => 1, GIT_CONFIG_GLOBAL => "$tmp/home/.gitconfig",
	GIT_AUTHOR_NAME => 'Ada Lovelace', GIT_AUTHOR_EMAIL => 'ada@example.org',
	GIT_COMMITTER_NAME => 'Ada Lovelace', GIT_COMMITTER_EMAIL => 'ada@example.org',
	GIT_AUTHOR_DATE => '2026-11-22T09:00:00+00:00',
	GIT_COMMITTER_DATE => '2026-11-22T09:00:00+00:00',
	DLG_TODAY => '2026-11-22', TZ => 'UTC', LC_ALL => 'C.UTF-8', TERM => 'dumb');
chdir "$tmp/run" or die "tour.pl: $!\n";
open(my $sh, '-|', 'sh', '-c', $script) or die "tour.pl: cannot run sh: $!\n";
my $all = do { local $/; <$sh> };
close $sh;
chdir '/';

my @got;
my @parts = split /\n?\@\@\@tour (\d+)\@\@\@\n/, $all, -1;
shift @parts;
while (@parts) {
	my ($n, $text) = splice(@parts, 0, 2);
	$text =~ s/\Q$tmp\E\/home/\/home\/you/g;
	$got[$n] = [ map { s/\s+$//r } split /\n/, $text ];
}

sub norm { my $l = shift; $l =~ s/\s+$//; $l =~ s/\b(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b/<id>/g; $l }

# Whether lines @$a match the pattern @$p, whose "..." lines match any lines.
sub matches {
	my ($p, $a, $i, $j) = @_;
	($i, $j) = (0, 0) unless defined $i;
	return $j == @$a if $i == @$p;
	if ($p->[$i] eq '...') {
		for my $k ($j .. scalar @$a) {
			return 1 if matches($p, $a, $i + 1, $k);
		}
		return 0;
	}
	return $j < @$a && norm($p->[$i]) eq norm($a->[$j]) && matches($p, $a, $i + 1, $j + 1);
}

my $bad = 0;
for my $n (reverse 0 .. $#cmds) {
	my $c = $cmds[$n];
	my @want = @lines[ $c->{from} .. $c->{to} - 1 ];
	my $got = $got[$n] // [ '(tour.pl: the command never ran)' ];
	next if matches(\@want, $got);
	$bad++;
	if ($mode eq '--update') {
		splice(@lines, $c->{from}, $c->{to} - $c->{from}, @$got);
		next;
	}
	print "\$ $c->{text}[0]\n", "--- the README, line ", $c->{from} + 1, "\n";
	print "  $_\n" for @want;
	print "+++ what it prints\n";
	print "  $_\n" for @$got;
	print "\n";
}
if ($mode eq '--update') {
	if ($bad) {
		open(my $out, '>:raw', "$readme.tmp") or die "tour.pl: cannot write $readme.tmp: $!\n";
		print $out map { "$_\n" } @lines;
		close $out or die "tour.pl: cannot write $readme.tmp: $!\n";
		rename "$readme.tmp", $readme or die "tour.pl: cannot replace $readme: $!\n";
	}
	printf "tour.pl: %d of %d outputs in %s %s\n", $bad, scalar @cmds, $readme,
	    $bad ? 'rewritten' : 'already as shown';
	exit 0;
}
printf "tour.pl: %d of %d outputs differ from %s\n", $bad, scalar @cmds, $readme if $bad;
exit($bad ? 1 : 0);
