import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.Properties;

/**
 * Prints the result of SQL statements on a DuckDB file, read-only, tab-separated with a header line.
 * Run with the job JAR (it holds the DuckDB driver) on the class path:
 * java -cp job/target/luden-stream.jar flink-deploy/tools/QueryDuckDb.java FILE "SQL" ["SQL" …]
 */
public class QueryDuckDb {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: QueryDuckDb FILE SQL [SQL …]");
            System.exit(2);
        }
        Driver driver = (Driver) Class.forName("org.duckdb.DuckDBDriver").getDeclaredConstructor().newInstance();
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        try (Connection c = driver.connect("jdbc:duckdb:" + args[0], props); Statement s = c.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                try (ResultSet rs = s.executeQuery(args[i])) {
                    ResultSetMetaData md = rs.getMetaData();
                    StringBuilder header = new StringBuilder();
                    for (int col = 1; col <= md.getColumnCount(); col++) {
                        header.append(col > 1 ? "\t" : "").append(md.getColumnName(col));
                    }
                    System.out.println(header);
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int col = 1; col <= md.getColumnCount(); col++) {
                            row.append(col > 1 ? "\t" : "").append(rs.getString(col));
                        }
                        System.out.println(row);
                    }
                }
            }
        }
    }
}
