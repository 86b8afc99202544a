package io.shoal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Native code and child processes stay in the few places that truly need them. */
@AnalyzeClasses(packages = "io.shoal", importOptions = ImportOption.DoNotIncludeTests.class)
class NativeAndProcessBoundaryTest {
    /**
     * Packages allowed to start a binary: only the containerd/runc side of the engine. Firewall changes go through
     * libnftables in netlink, kernel work through rtnetlink.
     */
    private static final String[] PROCESS_ADAPTERS = {"io.shoal.engine.containerd.."};

    @ArchTest
    static final ArchRule onlyTheFfiPackageTouchesJnr = noClasses()
            .that()
            .resideOutsideOfPackage("io.shoal.netlink.internal.ffi..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jnr.ffi..", "com.kenai.jffi..")
            .because("the native surface is kept tiny and in one place (docs/design.md)");

    @ArchTest
    static final ArchRule noProcessesOutsideAdapters = noClasses()
            .that()
            .resideOutsideOfPackages(PROCESS_ADAPTERS)
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(ProcessBuilder.class.getName())
            .orShould()
            .callMethod(Runtime.class, "exec", String.class)
            .orShould()
            .callMethod(Runtime.class, "exec", String[].class)
            .because("kernel work goes through netlink; nothing in Shoal shells out to ip");
}
