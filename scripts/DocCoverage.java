import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import jdk.javadoc.doclet.Doclet;
import jdk.javadoc.doclet.DocletEnvironment;
import jdk.javadoc.doclet.Reporter;

/**
 * A javadoc doclet that counts the public types, methods and constructors written in the sources (not the ones the
 * compiler makes: record accessors, implicit constructors, enum values()) and lists those without a doc comment.
 * Run by scripts/doc-coverage.sh.
 */
public final class DocCoverage implements Doclet {
    private int types;
    private int typesBare;
    private int methods;
    private int methodsBare;
    private int constructors;
    private int constructorsBare;

    @Override
    public void init(java.util.Locale locale, Reporter reporter) {}

    @Override
    public String getName() {
        return "DocCoverage";
    }

    @Override
    public Set<? extends Option> getSupportedOptions() {
        return Set.of();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean run(DocletEnvironment env) {
        for (TypeElement type : ElementFilter.typesIn(env.getIncludedElements())) {
            if (!visible(type)) {
                continue;
            }
            types++;
            if (bare(env, type)) {
                typesBare++;
                System.out.println("  undocumented type " + type);
            }
            for (Element member : type.getEnclosedElements()) {
                count(env, type, member);
            }
        }
        System.out.printf("public types: %d, without a doc comment: %d%n", types, typesBare);
        System.out.printf("public methods: %d, without a doc comment: %d%n", methods, methodsBare);
        System.out.printf("public constructors: %d, without a doc comment: %d%n", constructors, constructorsBare);
        return true;
    }

    private void count(DocletEnvironment env, TypeElement type, Element member) {
        boolean method = member.getKind() == ElementKind.METHOD;
        boolean constructor = member.getKind() == ElementKind.CONSTRUCTOR;
        if (!(method || constructor) || !visible(member) || env.getDocTrees().getTree(member) == null) {
            return; // not a method, not public, or made by the compiler (record accessors, values())
        }
        if (constructor && env.getElementUtils().getOrigin(member) != Elements.Origin.EXPLICIT) {
            return; // a record's implicit canonical constructor
        }
        boolean missing = bare(env, member);
        if (method) {
            methods++;
            methodsBare += missing ? 1 : 0;
        } else {
            constructors++;
            constructorsBare += missing ? 1 : 0;
        }
        if (missing) {
            System.out.println("  undocumented " + type + "." + member);
        }
    }

    /** Public or protected, or a non-private member of an interface, in a type that is itself visible. */
    private static boolean visible(Element element) {
        for (Element e = element; e instanceof TypeElement || e == element; e = e.getEnclosingElement()) {
            Set<Modifier> modifiers = e.getModifiers();
            boolean inInterface = e.getEnclosingElement().getKind().isInterface();
            boolean open = modifiers.contains(Modifier.PUBLIC)
                    || modifiers.contains(Modifier.PROTECTED)
                    || (inInterface && !modifiers.contains(Modifier.PRIVATE));
            if (!open) {
                return false;
            }
        }
        return true;
    }

    private static boolean bare(DocletEnvironment env, Element element) {
        return env.getDocTrees().getDocCommentTree(element) == null;
    }
}
