// SPDX-License-Identifier: MIT
package org.libsocketx.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.libsocketx.Address;
import org.libsocketx.Message;
import org.libsocketx.Socket;
import org.libsocketx.SocketX;

/**
 * The Java binding beside Java NIO, same workloads as tests/bench (ping-pong over AF_UNIX and
 * TCP loopback, bulk TCP, UDP), in the same process and the same run. Rounds alternate the
 * variants, rotating which goes first; the table shows medians of rates and of per-round
 * ratios, so slow drift on a shared machine cancels out.
 *
 * Each ratio is printed as the median with the minimum and maximum over the rounds, and a
 * warning line follows any whose spread ((max - min) / median) exceeds 5 %: such a figure
 * cannot tell a change of a few percent from noise.
 *
 * The "NIO + JNI" variant is the JNI floor: the NIO workload with one no-op native call
 * (JniNoop, the bench's own tiny JNI library) per operation, as many crossings as the binding
 * adds to each data call. A binding at that variant's ratio pays nothing but its crossing.
 *
 * NIO has no socketpair: its AF_UNIX row uses a connected pair of UNIX-domain SocketChannels
 * (JDK 16+), the same kernel path as a socketpair. Every variant uses blocking mode and,
 * unless the row says byte[], direct ByteBuffers (NIO copies heap buffers too).
 *
 * Usage: JavaBench [--seconds S] [--rounds N] [--rows 12345] [--clock wall|cpu]
 */
public final class JavaBench {
    static double seconds = 1.0;
    static int rounds = 7;
    /**
     * Rates per second of the process's CPU time instead of wall time (--clock cpu): on a CPU
     * shared with other work, the time the CPU gave to other processes then does not count.
     * Every variant runs its threads on the one CPU the bench is pinned to, so on an idle
     * machine the two clocks agree.
     */
    static boolean cpuClock;
    /** A ratio whose (max - min) / median exceeds this gets a warning line. */
    static final double SPREAD_WARN = 0.05;
    /** The rows to run, by number ("5", "45"); all by default. */
    static String rows = "12345";

    /** A connected stream end: what a ping-pong or bulk loop needs. */
    interface Conn extends AutoCloseable {
        int read(ByteBuffer b) throws IOException;
        void writeAll(ByteBuffer b) throws IOException;
        void shutdownOutput() throws IOException;
        @Override void close() throws IOException;
    }

    static final class SxConn implements Conn {
        final Socket s;
        SxConn(Socket s) { this.s = s; }
        public int read(ByteBuffer b) throws IOException { return s.recv(b, 0); }
        public void writeAll(ByteBuffer b) throws IOException { s.sendAll(b, 0); }
        public void shutdownOutput() throws IOException { s.shutdownOutput(); }
        public void close() throws IOException { s.close(); }
    }

    /** The byte[] API: each call copies through the binding's per-thread direct buffer. */
    static final class SxArrayConn implements Conn {
        final Socket s;
        final byte[] tmp = new byte[64 * 1024];
        SxArrayConn(Socket s) { this.s = s; }
        public int read(ByteBuffer b) throws IOException {
            int n = s.recv(tmp, 0, Math.min(tmp.length, b.remaining()), 0);
            b.put(tmp, 0, n);
            return n;
        }
        public void writeAll(ByteBuffer b) throws IOException {
            int n = b.remaining();
            b.get(tmp, 0, n);
            s.sendAll(tmp, 0, n, 0);
        }
        public void shutdownOutput() throws IOException { s.shutdownOutput(); }
        public void close() throws IOException { s.close(); }
    }

    static final class NioConn implements Conn {
        final SocketChannel c;
        NioConn(SocketChannel c) { this.c = c; }
        public int read(ByteBuffer b) throws IOException { int n = c.read(b); return n < 0 ? 0 : n; }
        public void writeAll(ByteBuffer b) throws IOException { while (b.hasRemaining()) c.write(b); }
        public void shutdownOutput() throws IOException { c.shutdownOutput(); }
        public void close() throws IOException { c.close(); }
    }

    /** NIO plus one no-op JNI crossing per read and per write call: the JNI floor. */
    static final class NioJniConn implements Conn {
        final SocketChannel c;
        NioJniConn(SocketChannel c) { this.c = c; }
        public int read(ByteBuffer b) throws IOException {
            JniNoop.cross(b);
            int n = c.read(b);
            return n < 0 ? 0 : n;
        }
        public void writeAll(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                JniNoop.cross(b);
                c.write(b);
            }
        }
        public void shutdownOutput() throws IOException { c.shutdownOutput(); }
        public void close() throws IOException { c.close(); }
    }

    /** The NIO pair with the floor's extra crossing on each end. */
    static Conn[] withJni(Conn[] nio) {
        return new Conn[] {new NioJniConn(((NioConn) nio[0]).c), new NioJniConn(((NioConn) nio[1]).c)};
    }

    /** The time a measured loop took, on the clock chosen by --clock. */
    static final class Span {
        final long wall0 = System.nanoTime(), cpu0 = cpuNanos();

        static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        double seconds() {
            return (cpuClock ? cpuNanos() - cpu0 : System.nanoTime() - wall0) / 1e9;
        }
    }

    interface PairFactory { Conn[] open() throws IOException; }

    static Conn[] sxUnix(boolean arrays) throws IOException {
        SocketX.Pair p = SocketX.socketpair();
        return arrays ? new Conn[] {new SxArrayConn(p.first()), new SxArrayConn(p.second())}
                      : new Conn[] {new SxConn(p.first()), new SxConn(p.second())};
    }

    static Conn[] sxTcp(boolean arrays) throws IOException {
        try (Socket l = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            l.bind(Address.inet("127.0.0.1", 0));
            l.listen();
            Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM);
            c.connect(l.localAddress());
            Socket s = l.accept().socket();
            for (Socket x : new Socket[] {c, s}) x.setSockOpt(SocketX.IPPROTO_TCP, SocketX.TCP_NODELAY, 1);
            return arrays ? new Conn[] {new SxArrayConn(c), new SxArrayConn(s)} : new Conn[] {new SxConn(c), new SxConn(s)};
        }
    }

    static Conn[] nioTcp() throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel c = SocketChannel.open(l.getLocalAddress());
            SocketChannel s = l.accept();
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new Conn[] {new NioConn(c), new NioConn(s)};
        }
    }

    static Conn[] nioUnix() throws IOException {
        Path dir = Files.createTempDirectory("sxbench");
        Path path = dir.resolve("s");
        try (ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            l.bind(UnixDomainSocketAddress.of(path));
            SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path));
            SocketChannel s = l.accept();
            return new Conn[] {new NioConn(c), new NioConn(s)};
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    static void readFully(Conn c, ByteBuffer b) throws IOException {
        b.clear();
        while (b.hasRemaining()) {
            if (c.read(b) == 0) throw new IOException("unexpected end of stream");
        }
    }

    /** 64-byte ping-pong for about `seconds`; round trips per second. */
    static double pingPong(PairFactory f) throws Exception {
        Conn[] p = f.open();
        Thread echo = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            try {
                for (;;) {
                    b.clear();
                    while (b.hasRemaining()) if (p[1].read(b) == 0) return;
                    b.flip();
                    p[1].writeAll(b);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        echo.start();
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        Span span = new Span();
        long n = 0, end = span.wall0 + (long) (seconds * 1e9);
        do {
            for (int i = 0; i < 256; i++) {
                b.clear();
                p[0].writeAll(b);
                readFully(p[0], b);
            }
            n += 256;
        } while (System.nanoTime() < end);
        double secs = span.seconds();
        p[0].shutdownOutput();
        echo.join();
        p[0].close();
        p[1].close();
        return n / secs;
    }

    /** 64 KiB chunks one way for about `seconds`; MB/s (10^6 bytes). */
    static double bulk(PairFactory f) throws Exception {
        Conn[] p = f.open();
        long[] got = new long[1];
        Thread reader = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
            try {
                for (;;) {
                    b.clear();
                    int n = p[1].read(b);
                    if (n == 0) return;
                    got[0] += n;
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        reader.start();
        ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
        Span span = new Span();
        long end = span.wall0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 16; i++) {
                b.clear();
                p[0].writeAll(b);
            }
        }
        p[0].shutdownOutput();
        reader.join();
        double t = span.seconds();
        p[0].close();
        p[1].close();
        return got[0] / t / 1e6;
    }

    /** One thread: send 32 datagrams of 64 bytes, receive them; datagrams per second. */
    static double udpSx(boolean connected) throws Exception {
        try (Socket a = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
             Socket b = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            a.bind(Address.inet("127.0.0.1", 0));
            b.bind(Address.inet("127.0.0.1", 0));
            Address to = b.localAddress();
            if (connected) a.connect(to);
            ByteBuffer out = ByteBuffer.allocateDirect(64), in = ByteBuffer.allocateDirect(64);
            Span span = new Span();
            long n = 0, end = span.wall0 + (long) (seconds * 1e9);
            do {
                for (int i = 0; i < 32; i++) {
                    out.clear();
                    if (connected) a.send(out, 0); else a.sendTo(out, 0, to);
                }
                for (int i = 0; i < 32; i++) {
                    in.clear();
                    b.recv(in, 0);
                }
                n += 32;
            } while (System.nanoTime() < end);
            return n / span.seconds();
        }
    }

    static double udpNio(boolean connected) throws Exception { return udpNio(connected, false); }

    /** jni: one no-op JNI crossing before each send and receive (the floor variant). */
    static double udpNio(boolean connected, boolean jni) throws Exception {
        try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
            a.bind(new InetSocketAddress("127.0.0.1", 0));
            b.bind(new InetSocketAddress("127.0.0.1", 0));
            java.net.SocketAddress to = b.getLocalAddress();
            if (connected) a.connect(to);
            ByteBuffer out = ByteBuffer.allocateDirect(64), in = ByteBuffer.allocateDirect(64);
            Span span = new Span();
            long n = 0, end = span.wall0 + (long) (seconds * 1e9);
            do {
                for (int i = 0; i < 32; i++) {
                    out.clear();
                    if (jni) JniNoop.cross(out);
                    if (connected) a.write(out); else a.send(out, to);
                }
                for (int i = 0; i < 32; i++) {
                    in.clear();
                    if (jni) JniNoop.cross(in);
                    b.receive(in);
                }
                n += 32;
            } while (System.nanoTime() < end);
            return n / span.seconds();
        }
    }

    static final int BATCH = 32;

    /**
     * Row 5: the same traffic as row 4b (32 datagrams of 64 bytes sent, then received, unconnected)
     * in one sendmmsg and one recvmmsg per 32, the messages and their buffers reused.
     */
    static double udpSxBatch() throws Exception {
        try (Socket a = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
             Socket b = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            a.bind(Address.inet("127.0.0.1", 0));
            b.bind(Address.inet("127.0.0.1", 0));
            Address to = b.localAddress();
            Message[] out = new Message[BATCH], in = new Message[BATCH];
            ByteBuffer[] ob = new ByteBuffer[BATCH], ib = new ByteBuffer[BATCH];
            for (int i = 0; i < BATCH; i++) {
                ob[i] = ByteBuffer.allocateDirect(64);
                ib[i] = ByteBuffer.allocateDirect(64);
                out[i] = new Message().setBuffers(ob[i]).setAddress(to);
                in[i] = new Message().setBuffers(ib[i]);
            }
            try {
                Span span = new Span();
            long n = 0, end = span.wall0 + (long) (seconds * 1e9);
                do {
                    for (int i = 0; i < BATCH; i++) {
                        ob[i].clear();
                        ib[i].clear();
                    }
                    for (int sent = 0; sent < BATCH; ) sent += a.sendBatch(out, sent, BATCH - sent, 0);
                    for (int got = 0; got < BATCH; ) got += b.receiveBatch(in, got, BATCH - got, 0);
                    n += BATCH;
                } while (System.nanoTime() < end);
                return n / span.seconds();
            } finally {
                for (int i = 0; i < BATCH; i++) {
                    out[i].close();
                    in[i].close();
                }
            }
        }
    }

    interface Variant { double run() throws Exception; }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double min(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN); }

    static double max(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN); }

    /**
     * Runs variants[0] (NIO) and the others in alternating rounds; prints the median rate of
     * each and, for the others, the median ratio to NIO with its minimum and maximum.
     */
    static void row(String name, String unit, String[] labels, Variant... variants) throws Exception {
        if (rows.indexOf(name.charAt(0)) < 0) return;
        for (Variant v : variants) v.run(); // warm-up: JIT and first-use costs
        List<List<Double>> rates = new ArrayList<>();
        List<List<Double>> ratios = new ArrayList<>();
        for (int i = 0; i < variants.length; i++) { rates.add(new ArrayList<>()); ratios.add(new ArrayList<>()); }
        for (int r = 0; r < rounds; r++) {
            double[] got = new double[variants.length];
            for (int k = 0; k < variants.length; k++) {
                int i = (k + r) % variants.length;
                got[i] = variants[i].run();
            }
            for (int i = 0; i < variants.length; i++) {
                rates.get(i).add(got[i]);
                ratios.get(i).add(got[i] / got[0]);
            }
        }
        System.out.printf("%-34s %-12s %14.0f %-7s  [%.0f, %.0f]%n", name, labels[0], median(rates.get(0)), unit,
            min(rates.get(0)), max(rates.get(0)));
        List<String> warnings = new ArrayList<>();
        for (int i = 1; i < variants.length; i++) {
            List<Double> q = ratios.get(i);
            double med = median(q), lo = min(q), hi = max(q), spread = (hi - lo) / med;
            System.out.printf("%-34s %-12s %14.0f %-7s  ratio %.3f [%.3f, %.3f]%n", "", labels[i], median(rates.get(i)),
                unit, med, lo, hi);
            if (spread > SPREAD_WARN) {
                warnings.add(String.format("WARNING: row %s, %s: ratio spread %.1f %% > %.0f %% over %d rounds: noise"
                    + " may hide a difference of that size", name.split(" ")[0], labels[i], spread * 100,
                    SPREAD_WARN * 100, rounds));
            }
        }
        for (String w : warnings) System.out.println(w);
    }

    static boolean clockIsCpu(String v) {
        if (v.equals("cpu")) return true;
        if (v.equals("wall")) return false;
        throw new IllegalArgumentException("--clock takes wall or cpu, not " + v);
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) seconds = Double.parseDouble(args[++i]);
            else if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
            else if (args[i].equals("--rows")) rows = args[++i];
            else if (args[i].equals("--clock")) cpuClock = clockIsCpu(args[++i]);
            else throw new IllegalArgumentException("unknown argument " + args[i] + Arrays.toString(args));
        }
        System.out.printf("libsocketx %s Java binding vs Java NIO (JDK %s), %.1f s per run, %d rounds, rates per %s"
            + " second; median [min, max] over the rounds%n",
            SocketX.version(), Runtime.version(), seconds, rounds, cpuClock ? "CPU" : "wall-clock");
        String[] four = {"NIO", "NIO + JNI", "sx direct", "sx byte[]"};
        row("1 ping-pong 64 B, AF_UNIX (NIO: UNIX-domain channel pair)", "rt/s", four,
            () -> pingPong(JavaBench::nioUnix), () -> pingPong(() -> withJni(nioUnix())),
            () -> pingPong(() -> sxUnix(false)), () -> pingPong(() -> sxUnix(true)));
        row("2 ping-pong 64 B, TCP loopback", "rt/s", four,
            () -> pingPong(JavaBench::nioTcp), () -> pingPong(() -> withJni(nioTcp())),
            () -> pingPong(() -> sxTcp(false)), () -> pingPong(() -> sxTcp(true)));
        row("3 bulk TCP, 64 KiB writes", "MB/s", four,
            () -> bulk(JavaBench::nioTcp), () -> bulk(() -> withJni(nioTcp())),
            () -> bulk(() -> sxTcp(false)), () -> bulk(() -> sxTcp(true)));
        String[] three = {"NIO", "NIO + JNI", "sx direct"};
        row("4a UDP 64 B, connected", "dgram/s", three, () -> udpNio(true), () -> udpNio(true, true),
            () -> udpSx(true));
        row("4b UDP 64 B, sendto", "dgram/s", three, () -> udpNio(false), () -> udpNio(false, true),
            () -> udpSx(false));
        String[] batch = {"NIO", "sx sendTo", "sx batch"};
        row("5 UDP 64 B, batches of 32 (mmsg)", "dgram/s", batch, () -> udpNio(false), () -> udpSx(false),
            JavaBench::udpSxBatch);
    }
}
