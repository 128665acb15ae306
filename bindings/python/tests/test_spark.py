"""The Spark recipe of splits in parts (docs/format.md, "Splits in parts"),
run on a local SparkSession (master local[2]): a ledger's contributions as
Parquet partitioned by member, the bases of each group of members with
applyInPandas (and of each partition with mapInArrow), Spark's exact
decimal(38,13) sum by (member, pool), then split_from_bases_json, byte for
byte the split of the whole ledger.

Skipped only when pyspark is not importable; with pyspark and no Java it
fails (bindings/python/test.sh installs both)."""

from __future__ import annotations

import os
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_parts import AMOUNT, PERIOD, big_ledger, whole_split_json

import coshare

pytest.importorskip("pyspark")
from pyspark.sql import DataFrame, SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql.types import DecimalType, StringType, StructField, StructType  # noqa: E402

# pyspark 4 warns that pandas 3 is not "fully" supported, and calls a pandas 3
# deprecated argument of its own; the recipe's conversions (decimals as
# Decimal objects, strings) are checked here.
pytestmark = [pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated::pyspark")]

# The recipe's schema (docs/format.md): what BasesOfPart returns.
SCHEMA = "member string, pool string, basis decimal(38,13)"
BASES = StructType([StructField("member", StringType()), StructField("pool", StringType()),
                    StructField("basis", DecimalType(38, 13))])


def java() -> str:
    """The java that pyspark starts: $JAVA_HOME/bin/java, else java on PATH."""
    home = os.environ.get("JAVA_HOME")
    found = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not found or not os.access(found, os.X_OK):
        pytest.fail("pyspark is installed but Java is not (no $JAVA_HOME/bin/java, no java on PATH): "
                    "Spark needs Java 17+; bindings/python/test.sh installs openjdk-17-jre-headless",
                    pytrace=False)
    return found


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    java()
    with pytest.MonkeyPatch.context() as mp:
        # Spark's Python workers run this interpreter (the one with coshare
        # and pyarrow), not whatever python3 is on PATH.
        mp.setenv("PYSPARK_PYTHON", sys.executable)
        mp.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (SparkSession.builder.master("local[2]").appName("coshare-splits-in-parts")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "2")
                   .config("spark.default.parallelism", "2")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Tuple[Dict[str, Any], Any, Path]:
    """(policies and members, entries table, Parquet folder partitioned by
    member: member=m0000/..., as Spark writes partitionBy("member"))."""
    base, table = big_ledger(members=40, rows=4000, seed=7)
    root = tmp_path_factory.mktemp("contributions")
    pq.write_to_dataset(table, root, partition_cols=["member"])
    return base, table, root


def read_entries(spark: SparkSession, root: Path, base: Dict[str, Any]) -> DataFrame:
    entries = spark.read.parquet(str(root))
    assert dict(entries.dtypes) == {"id": "string", "date": "string", "kind": "string",
                                    "value": "decimal(12,2)", "member": "string"}
    # What no part can check alone, with Spark's own operations
    # (docs/format.md, "Splits in parts"): entry ids unique across parts,
    # every member listed.
    listed = [m["id"] for m in base["members"]]
    assert entries.select(F.countDistinct("id")).first()[0] == entries.count() == 4000
    assert entries.filter(~F.col("member").isin(listed)).count() == 0
    return entries


def summed(bases: DataFrame) -> Any:
    """Spark's exact decimal sum by (member, pool), collected to pandas."""
    total = bases.groupBy("member", "pool").agg(F.sum("basis").alias("basis"))
    # sum(decimal(p, s)) is decimal(min(38, p + 10), s): decimal(38,13) stays
    # decimal(38,13), no cast (and no double) anywhere.
    assert total.schema["basis"].dataType == DecimalType(38, 13)
    frame = total.toPandas()
    assert len(frame) > 0
    assert all(type(b) is Decimal for b in frame["basis"]), frame["basis"].dtype
    return frame


def check(base: Dict[str, Any], table: Any, total: Any) -> None:
    assert coshare.split_from_bases_json(base, total, *PERIOD, AMOUNT) == whole_split_json(base, table)
    assert len(coshare.split_from_bases(base, total, *PERIOD, AMOUNT).members) == 40


def test_spark_apply_in_pandas_recipe_is_byte_identical_to_the_whole_ledger(
        spark: SparkSession, ledger: Tuple[Dict[str, Any], Any, Path]) -> None:
    base, table, root = ledger
    entries = read_entries(spark, root, base)
    of_part = coshare.BasesOfPart(base, *PERIOD)
    # A lambda, not of_part itself: Spark reads a callable's arguments with
    # inspect.getfullargspec, which counts __call__'s self, and would pass
    # (key, frame) to a function of two.
    bases = entries.groupBy("member").applyInPandas(lambda part: of_part(part), schema=SCHEMA)
    assert bases.schema == BASES
    check(base, table, summed(bases))


def test_spark_map_in_arrow_recipe_is_byte_identical_to_the_whole_ledger(
        spark: SparkSession, ledger: Tuple[Dict[str, Any], Any, Path]) -> None:
    base, table, root = ledger
    entries = read_entries(spark, root, base)

    def bases_of_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        # One part per partition: repartition("member") keeps each member's
        # entries in one partition, over however many Arrow batches.
        part = list(batches)
        if part:
            yield from coshare.partial_bases(base, pa.Table.from_batches(part), *PERIOD).to_batches()

    bases = entries.repartition("member").mapInArrow(bases_of_partition, SCHEMA)
    assert bases.schema == BASES
    check(base, table, summed(bases))


def test_a_repeated_id_across_parts_is_found_by_spark_count(
        spark: SparkSession, tmp_path: Path) -> None:
    base, table = big_ledger(members=4, rows=40, seed=9)
    ids = table.column("id").to_pylist()
    members = table.column("member").to_pylist()
    # The same id for two members' contributions: two parts, each valid alone.
    ids[members.index("m0003")] = ids[members.index("m0000")]
    pq.write_to_dataset(table.set_column(0, "id", pa.array(ids, pa.string())), tmp_path,
                        partition_cols=["member"])
    entries = spark.read.parquet(str(tmp_path))
    assert entries.select(F.countDistinct("id")).first()[0] == entries.count() - 1
