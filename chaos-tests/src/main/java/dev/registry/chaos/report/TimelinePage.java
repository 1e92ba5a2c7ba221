package dev.registry.chaos.report;

import dev.registry.chaos.check.CheckResult;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpType;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human page: one section per schedule with an SVG timeline (one lane per node; faults as
 * coloured spans, each completed operation as a tick in the lane of the node that answered it,
 * green ok / red fail / orange indeterminate), the printed schedule, and every checker's verdict.
 * Self-contained HTML, no scripts, so it can be attached to a CI run and opened anywhere.
 */
public final class TimelinePage {
    private static final int WIDTH = 1100;
    private static final int LANE = 46;
    private static final int LEFT = 60;
    private static final Map<String, String> FAULT_COLOURS = Map.ofEntries(
            Map.entry("isolate", "#7b61ff"), Map.entry("bridge", "#3f8efc"), Map.entry("ring", "#00a6a6"),
            Map.entry("loss", "#8ab17d"), Map.entry("kill", "#d62828"), Map.entry("pause", "#f4a261"),
            Map.entry("restart", "#6c757d"), Map.entry("wipe-restart", "#343a40"), Map.entry("clock", "#e9c46a"));

    public String render(RunReport report, List<ScheduleResult> results) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>chaos report</title><style>")
                .append("body{font:13px sans-serif;margin:20px}pre{background:#f4f4f4;padding:6px}")
                .append(".bad{color:#b00020;font-weight:bold}.good{color:#1b7f3b}td,th{padding:2px 8px;text-align:left}")
                .append("</style></head><body>");
        b.append("<h1>Chaos run: ").append(report.valid() ? "<span class=good>PASS</span>" : "<span class=bad>FAIL</span>")
                .append("</h1><p>mode ").append(esc(report.mode())).append(", run seed ").append(report.runSeed())
                .append(", network nemesis ").append(esc(report.networkNemesis())).append(", ").append(report.schedules())
                .append(" schedules, ").append(report.operations()).append(" operations, ").append(report.ackedWrites())
                .append(" acked writes, lost ").append(report.lostWrites()).append(", resurrections ")
                .append(report.resurrections()).append(", phantoms ").append(report.phantoms())
                .append(", max convergence ").append(report.maxConvergenceMillis()).append(" ms, max failover ")
                .append(report.maxFailoverMillis()).append(" ms</p>");
        b.append("<p>Legend: ");
        FAULT_COLOURS.forEach((k, v) -> b.append("<span style=\"background:").append(v)
                .append(";color:white;padding:1px 4px;margin-right:4px\">").append(k).append("</span>"));
        b.append(" ticks: <span style=\"color:#2a9d8f\">ok</span> <span style=\"color:#d62828\">fail</span> "
                + "<span style=\"color:#f77f00\">indeterminate</span></p>");
        for (ScheduleResult r : results) {
            section(b, r);
        }
        return b.append("</body></html>").toString();
    }

    private void section(StringBuilder b, ScheduleResult r) {
        b.append("<h2 class=").append(r.valid() ? "good" : "bad").append('>').append(esc(r.name()))
                .append(r.valid() ? " passed" : " FAILED").append("</h2>");
        if (!r.valid()) {
            b.append("<p class=bad>Replay: mvn -B -pl chaos-tests verify -Dchaos.seed=").append(r.seed())
                    .append(" -Dchaos.only=").append(esc(r.name())).append("</p>");
        }
        b.append(svg(r));
        b.append("<pre>").append(esc(r.description())).append("</pre><table><tr><th>checker</th><th>verdict</th>"
                + "<th>counts</th><th>first anomalies</th></tr>");
        for (CheckResult c : r.checks()) {
            b.append("<tr><td>").append(esc(c.checker())).append("</td><td class=").append(c.valid() ? "good>ok" : "bad>FAIL")
                    .append("</td><td>").append(esc(c.counts().toString())).append("</td><td>")
                    .append(esc(String.join("; ", c.anomalies().subList(0, Math.min(3, c.anomalies().size())))))
                    .append("</td></tr>");
        }
        b.append("</table>");
    }

    String svg(ScheduleResult r) {
        List<String> nodes = r.nodes();
        long end = Math.max(1, r.timeline().stream().mapToLong(Op::timeNanos).max().orElse(1));
        int height = nodes.size() * LANE + 24;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + LEFT).append("\" height=\"")
                .append(height).append("\">");
        for (int i = 0; i < nodes.size(); i++) {
            int y = i * LANE;
            s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"").append(WIDTH)
                    .append("\" height=\"").append(LANE - 4).append("\" fill=\"#f7f7f7\"/>");
            s.append("<text x=\"4\" y=\"").append(y + LANE / 2).append("\">").append(esc(nodes.get(i))).append("</text>");
        }
        faultSpans(s, r, nodes, end);
        for (Op op : r.timeline()) {
            if (op.process() == Op.NEMESIS_PROCESS || op.type() == OpType.INVOKE || op.node() == null) {
                continue;
            }
            int lane = nodes.indexOf(op.node());
            if (lane < 0) {
                continue;
            }
            double x = LEFT + WIDTH * (double) op.timeNanos() / end;
            int y = lane * LANE + 14 + (op.kind().ordinal() * 3) % 24;
            String colour = switch (op.type()) {
                case OK -> "#2a9d8f";
                case FAIL -> "#d62828";
                default -> "#f77f00";
            };
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>",
                    x, x, y, y + 6, colour));
        }
        for (long t = 0; t <= end; t += 1_000_000_000L) {
            double x = LEFT + WIDTH * (double) t / end;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%ds</text>", x,
                    height - 6, t / 1_000_000_000L));
        }
        return s.append("</svg>").toString();
    }

    /** A fault on node n lasts until the next entry that heals n (heal*, resume n, restart n) or the end. */
    private void faultSpans(StringBuilder s, ScheduleResult r, List<String> nodes, long end) {
        Map<String, Op> open = new HashMap<>();
        for (Op op : r.timeline()) {
            if (op.process() != Op.NEMESIS_PROCESS || op.value() == null) {
                continue;
            }
            String name = op.value().split(" ", 2)[0];
            List<String> touched = op.node() == null ? nodes : List.of(op.node().split(","));
            for (String n : touched) {
                Op started = open.remove(n);
                if (started != null) {
                    span(s, nodes.indexOf(n), started, op.timeNanos(), end);
                }
                boolean heals = name.startsWith("heal") || name.equals("resume");
                if (!heals) {
                    open.put(n, op);
                }
            }
        }
        open.forEach((n, started) -> span(s, nodes.indexOf(n), started, end, end));
    }

    private void span(StringBuilder s, int lane, Op started, long until, long end) {
        if (lane < 0) {
            return;
        }
        String name = started.value().split(" ", 2)[0];
        double x = LEFT + WIDTH * (double) started.timeNanos() / end;
        double w = Math.max(3, WIDTH * (double) (until - started.timeNanos()) / end);
        s.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"%s\" opacity=\"0.85\"><title>%s</title></rect>",
                x, lane * LANE + 2, w, FAULT_COLOURS.getOrDefault(name, "#999"), esc(started.value())));
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
