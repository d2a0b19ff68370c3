/*
 * HermiT's command line, started before its input exists (see ontology/warm_hermit.py).
 *
 * Usage: java -cp WARM.jar:HERMIT.jar WarmHermit [WARM-UP ARGUMENTS...]
 *
 * First runs HermiT's command line on the warm-up arguments with its output thrown away: the
 * JVM loads and compiles the parser and reasoner classes meanwhile. Then reads one line from
 * standard input, HermiT's real arguments separated by tabs, and runs the command line on them
 * exactly as `java org.semanticweb.HermiT.cli.CommandLine ARGUMENTS...` would: same output,
 * and an exception ends the JVM with its stack trace and exit code 1. End of input before the
 * line: exit 0 without output. A failing warm-up changes nothing but the time.
 */

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.semanticweb.HermiT.cli.CommandLine;

public final class WarmHermit {
    private WarmHermit() {
    }

    public static void main(String[] warmUp) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        try {
            if (warmUp.length > 0) {
                CommandLine.main(warmUp);
            }
        } catch (Exception | StackOverflowError | OutOfMemoryError ignored) {
            // only the time is at stake
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            return;
        }
        CommandLine.main(line.split("\t", -1));
        System.out.flush();
    }
}
