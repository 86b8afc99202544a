package io.shoal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module arrows of docs/design.md: they point down only. A rule here failing means a dependency turned round;
 * move the code, do not loosen the rule.
 */
@AnalyzeClasses(packages = "io.shoal", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleArrowsTest {
    private static final String NET_TYPES = "io.shoal.net..";
    private static final String SPI = "io.shoal.spi..";
    private static final String NETLINK = "io.shoal.netlink..";
    private static final String IPAM = "io.shoal.ipam..";
    private static final String BRIDGE = "io.shoal.driver.bridge..";
    private static final String VLAN = "io.shoal.driver.vlan..";
    private static final String DRIVERS = "io.shoal.driver..";
    private static final String DNS = "io.shoal.dns..";
    private static final String ENGINE = "io.shoal.engine..";
    private static final String[] ENGINE_CORE = {
        "io.shoal.engine.runtime..",
        "io.shoal.engine.network..",
        "io.shoal.engine.container..",
        "io.shoal.engine.image..",
        "io.shoal.engine.sandbox..",
        "io.shoal.engine.dns..",
        "io.shoal.engine.store..",
        "io.shoal.engine.filter..",
        "io.shoal.engine.errors..",
        "io.shoal.engine.undo..",
        "io.shoal.engine.events.."
    };
    private static final String ENGINE_API = "io.shoal.engine.api..";
    private static final String CONTAINERD_ADAPTER = "io.shoal.engine.containerd..";
    private static final String PLUGIN_ADAPTER = "io.shoal.engine.plugin..";

    @ArchTest
    static final ArchRule netTypesDependOnTheJdkOnly = classes()
            .that()
            .resideInAPackage(NET_TYPES)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(NET_TYPES, "java..")
            .because("every module shares these value types, so they sit below all of them");

    @ArchTest
    static final ArchRule unixHttpDependsOnNettyAndTheJdkOnly = classes()
            .that()
            .resideInAPackage("io.shoal.unixhttp..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.shoal.unixhttp..", "io.netty..", "java..")
            .because("the unix-socket listener sits below both HTTP servers (Engine API, remote plugin) and knows"
                    + " neither");

    @ArchTest
    static final ArchRule spiDependsOnTheJdkAndNetTypesOnly = classes()
            .that()
            .resideInAPackage(SPI)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(SPI, NET_TYPES, "java..")
            .because("third-party drivers implement the SPI with nothing else on their classpath but net-types");

    @ArchTest
    static final ArchRule netlinkKnowsNothingAbove = noClasses()
            .that()
            .resideInAPackage(NETLINK)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SPI, IPAM, DRIVERS, DNS, ENGINE);

    @ArchTest
    static final ArchRule ipamKnowsOnlyTheSpi = noClasses()
            .that()
            .resideInAPackage(IPAM)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(NETLINK, DRIVERS, DNS, ENGINE);

    @ArchTest
    static final ArchRule dnsKnowsNothingOfDrivers = noClasses()
            .that()
            .resideInAPackage(DNS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SPI, IPAM, DRIVERS, ENGINE);

    @ArchTest
    static final ArchRule driversKnowOnlyTheSpiAndNetlink = noClasses()
            .that()
            .resideInAPackage(DRIVERS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(IPAM, DNS, ENGINE)
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule bridgeAndVlanDoNotKnowEachOther = noClasses()
            .that()
            .resideInAPackage(BRIDGE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(VLAN)
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("io.shoal.driver.vlan")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule vlanDoesNotKnowBridge = noClasses()
            .that()
            .resideInAPackage(VLAN)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BRIDGE)
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule engineCoreKnowsTheJdkNetTypesAndTheSpiOnly = classes()
            .that()
            .resideInAnyPackage(ENGINE_CORE)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(concat(ENGINE_CORE, "java..", "io.shoal.net..", SPI))
            .because(
                    "the engine's logic knows no gRPC, HTTP, JDBC, netlink or DNS type; adapters translate at its ports,"
                            + " and its controllers are the only callers of the driver SPI");

    @ArchTest
    static final ArchRule containerdAdapterKnowsOnlyTheCoreAndNetlink = noClasses()
            .that()
            .resideInAPackage(CONTAINERD_ADAPTER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SPI, IPAM, DRIVERS, DNS)
            .because("the containerd adapter implements a port of the engine core and nothing else");

    @ArchTest
    static final ArchRule engineApiKnowsOnlyTheCore = noClasses()
            .that()
            .resideInAPackage(ENGINE_API)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SPI, IPAM, DRIVERS, DNS, NETLINK, CONTAINERD_ADAPTER)
            .because("the Engine API adapter parses, calls the engine core and renders; the core reaches the rest");

    @ArchTest
    static final ArchRule pluginAdapterKnowsOnlyTheSpi = noClasses()
            .that()
            .resideInAPackage(PLUGIN_ADAPTER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(ENGINE_CORE, IPAM, DRIVERS, DNS, NETLINK, ENGINE_API, CONTAINERD_ADAPTER))
            .because("the remote-plugin adapter speaks libnetwork's protocol onto the driver SPI; the composition root"
                    + " hands it the drivers and IPAM");

    @ArchTest
    static final ArchRule onlyTheCompositionRootKnowsThePlugin = noClasses()
            .that()
            .resideInAnyPackage(concat(ENGINE_CORE, ENGINE_API, CONTAINERD_ADAPTER, SPI, IPAM, DRIVERS, DNS, NETLINK))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(PLUGIN_ADAPTER)
            .because("adapters depend on what is below them; engine-integration wires the plugin");

    @ArchTest
    static final ArchRule engineCoreDoesNotKnowTheApi = noClasses()
            .that()
            .resideInAnyPackage(ENGINE_CORE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ENGINE_API)
            .because("adapters depend on the core, never the other way");

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
