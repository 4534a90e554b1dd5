// Loads an ontology document with the OWL API bundled in HermiT's jar (owlready2 ships it) and
// prints its OWL 2 DL profile violations, one per line, then "axioms N" and "declarations N".
// Run: java -cp HermiT.jar tests/java/OwlProfile.java FILE
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class OwlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println("violation\t" + violation.getClass().getSimpleName() + "\t" + violation.toString().replace('\n', ' '));
        }
        System.out.println("axioms\t" + ontology.getAxiomCount());
        System.out.println("declarations\t" + ontology.getAxiomCount(AxiomType.DECLARATION));
    }
}
