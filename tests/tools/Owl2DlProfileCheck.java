// Checks that an ontology document lies within the OWL 2 DL profile, using the OWL API's own
// profile checker (Debian's libowlapi-java). Run with the OWL API jars on the class path:
//   java -cp '/usr/share/java/*' Owl2DlProfileCheck FILE
// Prints one line per violation and exits 1 when there are any, 0 when the document is DL.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Owl2DlProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation);
        }
        System.out.println("axioms: " + ontology.getAxiomCount());
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
