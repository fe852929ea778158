import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites, in place, the class files of a jar older than version 50 (Java 6) to version 52 (Java 8),
 * with stack-map frames computed: the JDK's AOT cache does not link old class files, which need the old
 * verifier, so picocli's (version 49) were loaded and linked anew on every start. The bytecode is
 * unchanged; only the version and the frames the newer verifier checks are new.
 *
 * <pre>java -cp asm.jar src/build/ModernClassFiles.java DIRECTORY JAR_NAME_PREFIX</pre>
 *
 * rewrites the jars of DIRECTORY whose names start with JAR_NAME_PREFIX, and fails when there is none:
 * a dependency renamed would otherwise lose the saving unnoticed.
 */
public final class ModernClassFiles {
    private static final int OLDEST_KEPT = Opcodes.V1_6;

    public static void main(String... args) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            jars = files.filter(f -> f.getFileName().toString().startsWith(args[1])).toList();
        }
        if (jars.isEmpty()) {
            System.err.printf("modern-class-files: no jar %s* in %s%n", args[1], args[0]);
            System.exit(1);
        }
        for (Path jar : jars) {
            rewrite(jar);
        }
    }

    private static void rewrite(Path jar) throws IOException {
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        int rewritten = 0;
        // Frames need the common superclass of two types: the jar's own classes are looked up in it.
        try (JarFile in = new JarFile(jar.toFile());
                URLClassLoader types = new URLClassLoader(new URL[] { jar.toUri().toURL() },
                        ClassLoader.getPlatformClassLoader());
                OutputStream file = Files.newOutputStream(partial);
                JarOutputStream out = new JarOutputStream(file)) {
            for (JarEntry entry : in.stream().toList()) {
                byte[] bytes;
                try (InputStream stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < OLDEST_KEPT) {
                    bytes = modern(bytes, types);
                    rewritten++;
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
        System.err.printf("modern-class-files: %d class files of %s now version 52%n", rewritten, jar.getFileName());
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] modern(byte[] classFile, ClassLoader types) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
