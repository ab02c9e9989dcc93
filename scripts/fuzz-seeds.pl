#!/usr/bin/perl
# fuzz-seeds.pl TARGET CORPUS PATHOLOGICAL: write the seeds of a fuzz target
# (frontmatter, expr or config), taken from the tests and examples, into the
# folder CORPUS, one file per input named by its SHA-1 as libFuzzer names
# its own; and the target's pathological inputs, each of which must finish
# within the runner's time and memory limits, into PATHOLOGICAL, by name.
# Run from the source tree; scripts/fuzz.sh calls it. Never writes into
# tests/.
use strict;
use warnings FATAL => 'all';
use Digest::SHA qw(sha1_hex);

my ($target, $corpus, $patho) = @ARGV;
die "usage: fuzz-seeds.pl frontmatter|expr|config CORPUS PATHOLOGICAL\n" unless defined $patho;
for ($corpus, $patho) {
	-d $_ or mkdir $_ or die "fuzz-seeds: $_: $!\n";
}

sub slurp {
	my ($file) = @_;
	open my $fh, '<:raw', $file or die "fuzz-seeds: $file: $!\n";
	local $/;
	return scalar <$fh>;
}

sub put {
	my ($dir, $name, $bytes) = @_;
	open my $fh, '>:raw', "$dir/$name" or die "fuzz-seeds: $dir/$name: $!\n";
	print $fh $bytes;
	close $fh or die "fuzz-seeds: $dir/$name: $!\n";
}

my %seeds;
sub seed {
	my ($bytes) = @_;
	my $name = sha1_hex($bytes);
	put($corpus, $name, $bytes) unless $seeds{$name}++;
}

# the C string literals of a run of them ("a" "b" -> ab), escapes decoded
my %esc = (n => "\n", t => "\t", r => "\r", '"' => '"', "\\" => "\\", "'" => "'", 0 => "\0");
sub c_string {
	my ($lits) = @_;
	my $s = '';
	while ($lits =~ /"((?:[^"\\]|\\.)*)"/gs) {
		my $l = $1;
		$l =~ s/\\x([0-9a-fA-F]{2})|\\([ntr"\\'0])/defined $1 ? chr hex $1 : $esc{$2}/ge;
		$s .= $l;
	}
	return $s;
}
my $c_lits = qr/((?:"(?:[^"\\]|\\.)*"\s*)+)/s;

# the heredocs of a test script that feed INPUT_RE's command: body text,
# with leading tabs gone for <<-
sub heredocs {
	my ($file, $start_re) = @_;
	my (@docs, $end, $strip, $doc);
	for my $line (split /^/, slurp($file)) {
		if (defined $end) {
			my $l = $line;
			$l =~ s/^\t+// if $strip;
			if ($l =~ /^\Q$end\E$/) {
				push @docs, $doc;
				undef $end;
			} else {
				$doc .= $l;
			}
		} elsif ($line =~ $start_re && $line =~ /<<(-?)\\?'?(\w+)'?/) {
			($strip, $end, $doc) = ($1, $2, '');
		}
	}
	return @docs;
}

sub frontmatter {
	seed(slurp($_)) for grep { !/\.(err|set)$/ } glob('tests/corpus/good/*.md tests/corpus/bad/*.md');
	seed(slurp($_)) for glob('examples/tasks/*.md examples/tasks/*/*.md examples/people/*.md');
	# billion laughs (committed: small, and worth reading)
	for my $f (glob('tests/fuzz/pathological/frontmatter/*')) {
		put($patho, $f =~ s{.*/}{}r, slurp($f));
	}
	put($patho, 'deep-flow-10000.md', "---\nkey: " . ('[' x 10000) . (']' x 10000) . "\n---\n");
	put($patho, 'deep-flow-unclosed-10000.md', "---\nkey: " . ('[' x 10000) . "\n---\n");
	put($patho, 'deep-flow-map-10000.md', "---\nkey: " . ('{a: ' x 10000) . '1' . ('}' x 10000) . "\n---\n");
	put($patho, 'keys-100000.md',
		"---\n" . join('', map { sprintf "k%05x: 1\n", $_ } 1 .. 100000) . "---\nbody\n");
}

sub expr {
	my %seen;
	my $add = sub {
		my ($e) = @_;
		$e =~ s/^\s+|\s+$//g;
		seed($e) if length $e && !$seen{$e}++;
	};
	# every if = of the examples and the command-line tests' dlg.ini files
	for my $f ('examples/dlg.ini', glob('tests/t*.sh')) {
		$add->($_) for slurp($f) =~ /^\s*if\s*=(.*)$/mg;
	}
	# the unit tests: the expressions test_expr.c checks, and the if = of
	# the dlg.ini texts in the others
	my $calls = qr/\b(?:assert_truth|assert_parse_error|assert_eval_error|assert_names|parse_ok|eval_ok|truth|number|date)\(\s*(?:&\w+,\s*)?/;
	$add->(c_string($_)) for slurp('tests/unit/test_expr.c') =~ /$calls$c_lits/g;
	for my $f (glob('tests/unit/*.c')) {
		for my $lits (slurp($f) =~ /$c_lits/g) {
			$add->($_) for c_string($lits) =~ /^\s*if\s*=(.*)$/mg;
		}
	}
	put($patho, 'parens-10000', ('(' x 10000) . 'yes' . (')' x 10000));
	put($patho, 'parens-unclosed-10000', ('(' x 10000) . 'yes');
	put($patho, 'not-10000', ('not ' x 10000) . 'yes');
	put($patho, 'minus-10000', ('-' x 10000) . '1');
	put($patho, 'and-10000', join(' and ', ('a') x 10000));
	put($patho, 'list-10000', ('[' x 10000) . '1' . (']' x 10000));
}

sub config {
	seed(slurp('examples/dlg.ini'));
	# the dlg.ini files the command-line tests write, broken ones included
	for my $f (glob('tests/t*.sh')) {
		seed($_) for heredocs($f, qr/^\s*(?:ini_error\b|(?:cat|write_file)\s+>*\s*dlg\.ini\b)/);
	}
	# and the ones the unit tests parse
	for my $f (glob('tests/unit/*.c')) {
		seed(c_string($_)) for slurp($f) =~ /\b(?:assert_diags|parse_clean|diags_of)\(\s*$c_lits/g;
	}
	put($patho, 'rule-if-parens-5000.ini', "[rule a]\nif = " . ('(' x 5000) . 'enjoy' . (')' x 5000) . "\nthen = keep\n");
}

my %targets = (frontmatter => \&frontmatter, expr => \&expr, config => \&config);
my $run = $targets{$target} or die "fuzz-seeds: no target '$target' (frontmatter, expr or config)\n";
$run->();
die "fuzz-seeds: no seeds for $target\n" unless %seeds;
print scalar(keys %seeds), "\n";
