using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reactor.Helm.Tests;

/// <summary><c>helm lint</c> and <c>helm template</c> of helm/reactor with several value sets, and checks on the rendered manifests.</summary>
public sealed partial class HelmChartTests
{
    public static TheoryData<string> ValueSets => new() { "minimal.yaml", "full.yaml", "created-secrets.yaml" };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public void Chart_lints_clean_with_the_value_set(string values)
    {
        var (exitCode, output, error) = HelmCli.Run("lint", HelmCli.ChartDirectory, "--strict", "--values", HelmCli.ValuesFile(values));

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("0 chart(s) failed", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minimal.yaml", "kafka.bootstrapServers=", "kafka.bootstrapServers is required")]
    [InlineData("minimal.yaml", "redis.existingSecret=", "redis.existingSecret is required")]
    [InlineData("minimal.yaml", "storage.azureBlob.serviceUri=", "storage.azureBlob.serviceUri (workload identity) or storage.azureBlob.existingSecret")]
    [InlineData("minimal.yaml", "storage.azureBlob.existingSecret=blob", "set one of storage.azureBlob.serviceUri and storage.azureBlob.existingSecret")]
    [InlineData("minimal.yaml", "terminationGracePeriodSeconds=30", "terminationGracePeriodSeconds (30) must be longer than shutdownTimeoutSeconds (30)")]
    [InlineData("full.yaml", "models.existingSecret=", "models.existingSecret is required with models.secretKeys")]
    public void Template_with_a_missing_or_contradictory_value_fails_naming_it(string values, string set, string expected)
    {
        var (exitCode, _, error) = HelmCli.Run("template", "reactor-test", HelmCli.ChartDirectory, "--values", HelmCli.ValuesFile(values), "--set", set);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public void Every_connection_setting_comes_from_the_ConfigMap_or_a_Secret_and_every_Secret_referenced_exists_or_is_named_in_values(string values)
    {
        var chart = HelmCli.Template(values);
        var container = Container(chart);
        var valuesText = File.ReadAllText(HelmCli.ValuesFile(values));
        var rendered = chart.OfKind("Secret").Select(s => (string)s["metadata"]!["name"]!).ToHashSet();

        // No literal values in the pod spec: everything is valueFrom (downward API or secretKeyRef) or envFrom.
        Assert.All(container["env"]!.AsArray(), e => Assert.True(e!["value"] is null, $"{e["name"]} has a literal value in the pod spec"));
        var secretNames = container["env"]!.AsArray().Select(e => (string?)e!["valueFrom"]?["secretKeyRef"]?["name"])
            .Concat(container["envFrom"]!.AsArray().Select(e => (string?)e!["secretRef"]?["name"]))
            .OfType<string>().ToList();
        Assert.NotEmpty(secretNames);
        Assert.All(secretNames, name => Assert.True(rendered.Contains(name) || valuesText.Contains(name, StringComparison.Ordinal), $"Secret {name} is neither rendered nor named in {values}"));
        Assert.Contains(container["env"]!.AsArray(), e => (string?)e!["name"] == "Reactor__Cluster__Redis__ConnectionString" && e["valueFrom"]?["secretKeyRef"] is not null);

        // The ConfigMap carries no secret.
        var configMap = chart.Single("ConfigMap");
        Assert.Equal((string?)configMap["metadata"]!["name"], (string?)container["envFrom"]![0]!["configMapRef"]!["name"]);
        Assert.All(configMap["data"]!.AsObject(), entry => Assert.DoesNotMatch(SecretLikeKey(), entry.Key));
        Assert.Equal("Redis", (string?)configMap["data"]!["Reactor__Cluster__Membership"]);
        Assert.Equal("false", (string?)configMap["data"]!["Reactor__DevBroker__Enabled"]);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public void Probes_point_at_the_Host_health_routes_on_the_http_port(string values)
    {
        var chart = HelmCli.Template(values);
        var container = Container(chart);
        var configMap = chart.Single("ConfigMap")["data"]!;

        Assert.Equal("/health/startup", (string?)container["startupProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health/live", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        var http = container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "http")!;
        Assert.Equal((string?)configMap["ASPNETCORE_HTTP_PORTS"], (string?)http["containerPort"]);
        Assert.All(new[] { "startupProbe", "readinessProbe", "livenessProbe" }, probe => Assert.Equal("http", (string?)container[probe]!["httpGet"]!["port"]));
        Assert.Equal((string?)configMap["Reactor__SiloPort"], (string?)container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "silo")!["containerPort"]);
        Assert.Equal((string?)configMap["Reactor__GatewayPort"], (string?)container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "gateway")!["containerPort"]);

        // The routes are the Host's own: each path is mapped in src/Reactor.Host.
        var hostSources = string.Join('\n', Directory.GetFiles(Path.Combine(HelmCli.RepositoryRoot, "src", "Reactor.Host"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).Select(File.ReadAllText));
        Assert.All(new[] { "/health/startup", "/health/ready", "/health/live" }, route => Assert.Contains($"\"{route}\"", hostSources, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public void Labels_match_between_selectors_pods_and_the_Orleans_identity(string values)
    {
        var chart = HelmCli.Template(values);
        var deployment = chart.Single("Deployment");
        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var configMap = chart.Single("ConfigMap")["data"]!;

        AssertSelects(deployment["spec"]!["selector"]!["matchLabels"]!, podLabels);
        AssertSelects(chart.Single("Service")["spec"]!["selector"]!, podLabels);
        foreach (var pdb in chart.OfKind("PodDisruptionBudget"))
        {
            AssertSelects(pdb["spec"]!["selector"]!["matchLabels"]!, podLabels);
        }

        foreach (var monitor in chart.OfKind("ServiceMonitor"))
        {
            AssertSelects(monitor["spec"]!["selector"]!["matchLabels"]!, chart.Single("Service")["metadata"]!["labels"]!.AsObject());
        }

        Assert.Equal((string?)configMap["Reactor__Cluster__ServiceId"], (string?)podLabels["orleans/serviceId"]);
        Assert.Equal((string?)configMap["Reactor__Cluster__ClusterId"], (string?)podLabels["orleans/clusterId"]);
        var env = Container(chart)["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!["valueFrom"]?["fieldRef"]?["fieldPath"]?.ToString());
        Assert.Equal("metadata.name", env["POD_NAME"]);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", env["POD_IP"]);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"]);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public void Pods_stop_gracefully_roll_without_unavailability_and_run_unprivileged(string values)
    {
        var chart = HelmCli.Template(values);
        var deployment = chart.Single("Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var shutdown = TimeSpan.Parse((string)chart.Single("ConfigMap")["data"]!["Reactor__ShutdownTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(int.Parse((string)pod["terminationGracePeriodSeconds"]!, System.Globalization.CultureInfo.InvariantCulture) > shutdown.TotalSeconds);
        Assert.Equal("0", (string?)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("true", (string?)pod["securityContext"]!["runAsNonRoot"]);
        var container = Container(chart);
        Assert.Equal("true", (string?)container["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal("false", (string?)container["securityContext"]!["allowPrivilegeEscalation"]);
        Assert.Equal("/tmp", (string?)container["volumeMounts"]![0]!["mountPath"]);
        Assert.NotNull(container["resources"]!["requests"]);
        Assert.Equal((string?)pod["serviceAccountName"], (string?)Assert.Single(chart.OfKind("ServiceAccount"))["metadata"]!["name"]);
    }

    [Fact]
    public void Kubernetes_hosting_renders_the_minimal_Role_on_pods_bound_to_the_pods_ServiceAccount()
    {
        var chart = HelmCli.Template("minimal.yaml");
        var role = chart.Single("Role");
        var binding = chart.Single("RoleBinding");
        var rule = Assert.Single(role["rules"]!.AsArray())!;

        Assert.Equal(["pods"], rule["resources"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["get", "list", "watch", "delete"], rule["verbs"]!.AsArray().Select(r => (string)r!));
        Assert.Equal((string?)role["metadata"]!["name"], (string?)binding["roleRef"]!["name"]);
        Assert.Equal((string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"], (string?)binding["subjects"]![0]!["name"]);
        Assert.Equal("true", (string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["automountServiceAccountToken"]);

        var readOnly = HelmCli.Template("minimal.yaml", "orleans.kubernetesHosting.deleteDefunctSiloPods=false");
        Assert.Equal(["get", "list", "watch"], readOnly.Single("Role")["rules"]![0]!["verbs"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public void Without_Kubernetes_hosting_there_is_no_Role_and_no_API_token()
    {
        var chart = HelmCli.Template("created-secrets.yaml");

        Assert.Empty(chart.OfKind("Role"));
        Assert.Empty(chart.OfKind("RoleBinding"));
        Assert.Equal("false", (string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["automountServiceAccountToken"]);
        Assert.Equal("false", (string?)chart.Single("ConfigMap")["data"]!["Reactor__Cluster__Kubernetes__Enabled"]);
    }

    [Fact]
    public void Autoscaling_scales_on_cpu_and_consumer_lag_and_the_ServiceMonitor_scrapes_the_http_port()
    {
        var chart = HelmCli.Template("full.yaml");
        var hpa = chart.Single("HorizontalPodAutoscaler");
        var metrics = hpa["spec"]!["metrics"]!.AsArray();

        Assert.Equal((string?)chart.Single("Deployment")["metadata"]!["name"], (string?)hpa["spec"]!["scaleTargetRef"]!["name"]);
        Assert.Null(chart.Single("Deployment")["spec"]!["replicas"]);
        Assert.Contains(metrics, m => (string?)m!["type"] == "Resource" && (string?)m["resource"]!["name"] == "cpu");
        var lag = Assert.Single(metrics, m => (string?)m!["type"] == "External")!;
        Assert.Equal("payments-reactor", (string?)lag["external"]!["metric"]!["selector"]!["matchLabels"]!["consumergroup"]);
        Assert.Equal("http", (string?)chart.Single("ServiceMonitor")["spec"]!["endpoints"]![0]!["port"]);
        Assert.Empty(HelmCli.Template("minimal.yaml").OfKind("HorizontalPodAutoscaler"));
    }

    [Fact]
    public void Every_value_in_values_yaml_is_documented()
    {
        var lines = File.ReadAllLines(Path.Combine(HelmCli.ChartDirectory, "values.yaml"));
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = KeyLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            // A key whose value is on its own line(s) below is a section; its leaves carry the documentation.
            var isSection = match.Groups["value"].Value.Length == 0 && i + 1 < lines.Length && Indent(lines[i + 1]) > Indent(lines[i]) && !lines[i + 1].TrimStart().StartsWith("- ", StringComparison.Ordinal);
            var documented = i > 0 && lines[i - 1].TrimStart().StartsWith("# --", StringComparison.Ordinal);
            if (!isSection && !documented)
            {
                undocumented.Add(lines[i].Trim());
            }
        }

        Assert.Empty(undocumented);
    }

    private static JsonNode Container(RenderedChart chart) =>
        chart.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;

    private static void AssertSelects(JsonNode selector, JsonObject labels)
    {
        foreach (var (key, value) in selector.AsObject())
        {
            Assert.True(labels.TryGetPropertyValue(key, out var label) && (string?)label == (string?)value, $"selector {key}={value} does not match the labels");
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"(?i)password|connectionstring|secret|apikey|sasl\.username")]
    private static partial Regex SecretLikeKey();

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z][A-Za-z0-9]*):\s*(?<value>[^#]*)$")]
    private static partial Regex KeyLine();
}
